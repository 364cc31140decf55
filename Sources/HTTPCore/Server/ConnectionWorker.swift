/// Runs the requests of one connection, one after another, in a single long-lived task on
/// the connection's event loop.
///
/// A task per request would cost a task allocation and its bookkeeping every time; instead
/// the worker's task waits on a continuation between requests, and ``submit(_:)`` resumes
/// it inline (see ``EventLoopTaskExecutor/runningInline(_:)``), so a handler that never
/// awaits anything slow answers within the `channelRead` that completed its request, like a
/// hand-written NIO handler: no extra loop tick, no thread hop. A handler that does suspend
/// resumes on the loop through the task's executor preference.
///
/// `@unchecked Sendable`: every member is used only on the connection's event loop (by the
/// channel handler, and by the task, which runs on that loop's executor); `eventLoop`
/// preconditions guard the entry points.
final class ConnectionWorker: @unchecked Sendable {
    private let responder: RouterResponder
    private let executor: EventLoopTaskExecutor
    /// Receives the responses. Strong, and cleared by ``close()`` (which the handler calls
    /// when it leaves the pipeline or the channel goes inactive) to break the cycle: a weak
    /// reference would give the handler a side table, which sends every retain and release
    /// of it down the runtime's slow path (measurably, at several per request).
    private var handler: HTTPChannelHandler?
    /// Requests handed over while the task was busy (pipelining delivers the next request
    /// while the previous response is being written); at most one in practice.
    private var queued: [Request] = []
    /// The task, when it waits for the next request.
    private var waiter: UnsafeContinuation<Request?, Never>?
    private var isClosed = false
    private var isStarted = false

    init(responder: RouterResponder, executor: EventLoopTaskExecutor, handler: HTTPChannelHandler) {
        self.responder = responder
        self.executor = executor
        self.handler = handler
    }

    /// Hands a complete request to the task: runs it now if the task is waiting, else
    /// queues it for when the task is done with the current one.
    func submit(_ request: Request) {
        self.executor.eventLoop.preconditionInEventLoop()
        guard !self.isClosed else { return }
        if !self.isStarted {
            self.isStarted = true
            self.queued.append(request)
            self.start()
        } else if let waiter = self.waiter {
            self.waiter = nil
            self.executor.runningInline {
                waiter.resume(returning: request)
            }
        } else {
            self.queued.append(request)
        }
    }

    /// Ends the task once the request in progress (if any) is answered.
    func close() {
        self.isClosed = true
        self.handler = nil
        self.queued.removeAll()
        if let waiter = self.waiter {
            self.waiter = nil
            waiter.resume(returning: nil)
        }
    }

    private func start() {
        if #available(macOS 26.0, *) {
            // Runs right here until the first request's handler suspends or the task waits.
            Task.immediate(executorPreference: self.executor) { [self] in
                await self.serve()
            }
        } else {
            Task(executorPreference: self.executor) { [self] in
                await self.serve()
            }
        }
    }

    nonisolated(nonsending) private func serve() async {
        while let request = await self.next() {
            let response = await self.responder.respond(to: request)
            // Back on the loop: the task prefers the loop's executor.
            self.executor.eventLoop.preconditionInEventLoop()
            self.handler?.finish(response)
        }
    }

    nonisolated(nonsending) private func next() async -> Request? {
        if !self.queued.isEmpty {
            return self.queued.removeFirst()
        }
        if self.isClosed {
            return nil
        }
        return await withUnsafeContinuation { continuation in
            self.waiter = continuation
        }
    }
}
