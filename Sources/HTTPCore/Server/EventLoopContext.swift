#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-event-loop helpers shared by every connection on that loop.
final class EventLoopContext: Sendable {
    let eventLoop: any EventLoop
    /// Runs request handlers on the loop itself, so a handler that does not hop elsewhere
    /// costs no thread switch.
    let executor: EventLoopTaskExecutor
    private let dateCache: NIOLoopBoundBox<DateCache>

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.executor = EventLoopTaskExecutor(eventLoop: eventLoop)
        self.dateCache = NIOLoopBoundBox.makeBoxSendingValue(DateCache(), eventLoop: eventLoop)
    }

    /// The `Date` header value for now, formatted at most once per second per loop.
    /// Must be called on the loop.
    func dateHeader() -> String {
        self.dateCache.value.current()
    }
}

/// The formatted `Date` header of the current second.
final class DateCache {
    private var second = -1
    private var text = ""

    func current() -> String {
        let now = time(nil)
        if now != self.second {
            self.second = now
            self.text = HTTPDate.format(epochSeconds: now)
        }
        return self.text
    }
}

/// A task executor that runs jobs on a NIO event loop.
///
/// Handlers run in a task preferring this executor, so the request's loop executes the
/// handler and the response is written without any thread hop; code that awaits an actor
/// or another executor still hops there and back as usual.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop
    /// Set (on the loop thread only) by ``runningInline(_:)`` for the one job it enqueues.
    /// Read only after `inEventLoop` confirmed the loop thread, so no other thread sees it.
    nonisolated(unsafe) private var runsNextJobInline = false

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = self.asUnownedTaskExecutor()
        if self.eventLoop.inEventLoop && self.runsNextJobInline {
            // Cleared before running, so whatever the job enqueues goes through the loop.
            self.runsNextJobInline = false
            job.runSynchronously(on: executor)
        } else {
            self.eventLoop.execute {
                job.runSynchronously(on: executor)
            }
        }
    }

    /// Runs `resume`, which resumes a task waiting on this executor, so that the task's job
    /// runs at once on this thread instead of on a later loop tick. Must be called on the
    /// loop, and not from inside a job of this executor's loop that `resume` would re-enter.
    func runningInline(_ resume: () -> Void) {
        self.eventLoop.preconditionInEventLoop()
        self.runsNextJobInline = true
        resume()
        self.runsNextJobInline = false
    }
}
