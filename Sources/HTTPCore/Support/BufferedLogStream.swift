public import Dispatch
import Foundation
public import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Standard error with a buffer in front: log lines gather in memory and reach the file
/// descriptor in batches, every 200 ms or whenever 64 KiB have gathered.
///
/// swift-log's `StreamLogHandler` writes each line with `fwrite` and `fflush` under the
/// stdio lock: one system call per request with the access log on, which cost HTTPCore a
/// third of its throughput. ``BufferedLogHandler`` flushes at once for warnings and
/// errors, so nothing that matters waits, and `serve` flushes on the way out.
public final class BufferedLogStream: TextOutputStream, @unchecked Sendable {
    // @unchecked: `buffer` is only touched while holding `lock`; `write(2)` happens under
    // it too, so batches keep their order.
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let limit: Int
    private var timer: (any DispatchSourceTimer)?

    /// The one for standard error, flushed every 200 ms once ``startFlushing()`` ran.
    public static let standardError = BufferedLogStream(descriptor: 2)

    /// A stream onto an open file descriptor, written out whenever `limit` bytes gather.
    public init(descriptor: Int32, limit: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.limit = limit
        buffer.reserveCapacity(limit)
    }

    /// Adds `string` to the buffer (part of `TextOutputStream`).
    public func write(_ string: String) {
        lock.withLock {
            buffer.append(contentsOf: string.utf8)
            if buffer.count >= limit { flushLocked() }
        }
    }

    /// Writes out what has gathered.
    public func flush() {
        lock.withLock { flushLocked() }
    }

    /// Flushes every `interval` from now on, on a background queue.
    public func startFlushing(every interval: DispatchTimeInterval = .milliseconds(200)) {
        lock.withLock {
            guard timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [weak self] in self?.flush() }
            timer.resume()
            self.timer = timer
        }
    }

    private func flushLocked() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                break  // standard error is gone; drop the lines rather than spin
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// swift-log's `StreamLogHandler` (same line format) writing through a
/// ``BufferedLogStream``, flushing at once for anything of level warning or worse.
public struct BufferedLogHandler: LogHandler {
    private var handler: StreamLogHandler
    private let stream: BufferedLogStream

    /// A handler for `label` writing through `stream`.
    public init(label: String, stream: BufferedLogStream) {
        self.handler = StreamLogHandler(label: label, stream: stream, metadataProvider: LoggingSystem.metadataProvider)
        self.stream = stream
    }

    public var logLevel: Logger.Level {
        get { handler.logLevel }
        set { handler.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { handler.metadata }
        set { handler.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { handler.metadataProvider }
        set { handler.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { handler[metadataKey: key] }
        set { handler[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        handler.log(event: event)
        if event.level >= .warning { stream.flush() }
    }
}
