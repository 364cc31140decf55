import Foundation
import HTTPCore
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Log lines wait in memory until a flush, a full buffer or a warning, and come out whole
/// and in order.
@Suite struct BufferedLogStreamTests {
    /// A pipe whose read end never blocks: what has been written so far.
    final class Pipe {
        let read: Int32
        let write: Int32
        init() {
            var ends: [Int32] = [0, 0]
            precondition(pipe(&ends) == 0)
            read = ends[0]
            write = ends[1]
            _ = fcntl(read, F_SETFL, fcntl(read, F_GETFL) | O_NONBLOCK)
        }
        deinit {
            close(read)
            close(write)
        }
        func drain() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = Glibc.read(read, &chunk, chunk.count)
                guard count > 0 else { break }
                bytes += chunk[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func linesWaitForAFlushThenComeOutInOrder() {
        let pipe = Pipe()
        let stream = BufferedLogStream(descriptor: pipe.write)
        stream.write("one\n")
        stream.write("two\n")
        #expect(pipe.drain() == "")
        stream.flush()
        #expect(pipe.drain() == "one\ntwo\n")
        stream.flush()
        #expect(pipe.drain() == "")
    }

    @Test func aFullBufferIsWrittenAtOnce() {
        let pipe = Pipe()
        let stream = BufferedLogStream(descriptor: pipe.write, limit: 10)
        stream.write("12345")
        #expect(pipe.drain() == "")
        stream.write("67890")
        #expect(pipe.drain() == "1234567890")
    }

    @Test func warningsAreWrittenAtOnceInSwiftLogsFormat() {
        let pipe = Pipe()
        let stream = BufferedLogStream(descriptor: pipe.write)
        let logger = Logger(label: "test") { BufferedLogHandler(label: $0, stream: stream) }
        logger.info("GET / 200")
        #expect(pipe.drain() == "")
        logger.warning("disk full", metadata: ["path": "/var"])
        let lines = pipe.drain().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)  // two lines, each ending in a newline
        #expect(lines[0].hasSuffix(" info test: [HTTPCoreTests] GET / 200"))
        #expect(lines[1].hasSuffix(" warning test: path=/var [HTTPCoreTests] disk full"))
        #expect(lines.last == "")
    }
}
