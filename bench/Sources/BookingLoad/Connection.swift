import NIOCore
import NIOHTTP1
import NIOPosix

/// An answer from the server, read whole.
struct Reply {
    var status: HTTPResponseStatus
    /// The `Location` header of a redirect.
    var location: String?
    /// The values of the `Set-Cookie` headers, in order.
    var setCookies: [String] = []
    var body: [UInt8]
    /// False when the server said it closes the connection after this answer.
    var keepAlive = true

    /// The body as text (only for messages; scraping works on the bytes).
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no answer.
enum ConnectionError: Error, CustomStringConvertible {
    /// The server closed the connection (or said it would) before answering.
    case closed
    /// A response arrived in pieces that make no sense.
    case protocolViolation(String)

    var description: String {
        switch self {
        case .closed: "connection closed"
        case .protocolViolation(let what): "protocol violation: \(what)"
        }
    }
}

/// One keep-alive HTTP/1.1 connection: requests go out one at a time, each answer is read
/// whole before the next request is written. Lives inside ``Connection/open(to:on:_:)``'s
/// scope, and only one task uses it, running on the connection's event loop.
///
/// A plain channel handler reads each answer and completes a promise the caller awaits.
/// `NIOAsyncChannel` did the same with back-pressure buffers and a writer on both sides: a
/// third of the load generator's CPU in the booking storm, time the server under test then
/// lacked on the same two cores. For the same reason requests and answers are written and
/// read here (``ResponseReader``) rather than by NIOHTTP1's encoder and decoder, whose
/// header objects and three writes per request were a third of what was left.
struct Connection {
    private let channel: any Channel
    private let collector: NIOLoopBound<ResponseReader>
    private let hostHeader: String
    /// Set once the server has closed the connection or announced it will.
    private(set) var isClosed = false

    /// Connects and runs `body` with the open connection; closes it afterwards.
    static func open<Result>(
        to address: Address,
        on group: any EventLoopGroup,
        _ body: (inout Connection) async throws -> Result
    ) async throws -> Result {
        // The connection's own loop runs the caller's code too (task executor preference):
        // without it every response hopped from the loop to a pool thread and back, a sixth
        // of the load generator's CPU.
        let loop = group.next()
        return try await withTaskExecutorPreference(LoopExecutor(loop)) {
            try await open(to: address, on: loop, body)
        }
    }

    private static func open<Result>(
        to address: Address,
        on loop: any EventLoop,
        _ body: (inout Connection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ResponseReader())
                }
            }
            .connect(host: address.host, port: address.port)
            .get()
        let collector = try await channel.pipeline.handler(type: ResponseReader.self).map {
            NIOLoopBound($0, eventLoop: loop)
        }.get()
        var connection = Connection(channel: channel, collector: collector, hostHeader: "\(address.host):\(address.port)")
        do {
            let result = try await body(&connection)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private init(channel: any Channel, collector: NIOLoopBound<ResponseReader>, hostHeader: String) {
        self.channel = channel
        self.collector = collector
        self.hostHeader = hostHeader
    }

    /// Sends one request and reads its whole answer.
    /// - Parameters:
    ///   - method: GET or POST.
    ///   - path: the path and query.
    ///   - headers: extra headers (cookies, content type); `Host` and `Content-Length` are added.
    ///   - body: the request body, if any.
    mutating func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: [UInt8]? = nil) async throws -> Reply {
        guard !isClosed else { throw ConnectionError.closed }
        // The whole request in one buffer and one write.
        var request = channel.allocator.buffer(capacity: 256 + (body?.count ?? 0))
        request.writeString("\(method.rawValue) \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\n")
        for (name, value) in extra {
            request.writeString("\(name): \(value)\r\n")
        }
        if let body {
            request.writeString("Content-Length: \(body.count)\r\n\r\n")
            request.writeBytes(body)
        } else {
            request.writeString("\r\n")
        }
        // On the connection's loop (see open): the reader is touched only there.
        let answer = channel.eventLoop.makePromise(of: Reply.self)
        collector.value.expect(answer)
        channel.writeAndFlush(request, promise: nil)
        do {
            let reply = try await answer.futureResult.get()
            if !reply.keepAlive { isClosed = true }
            return reply
        } catch let error as ConnectionError {
            isClosed = true
            throw error
        } catch {
            isClosed = true
            throw ConnectionError.closed
        }
    }
}

/// Reads one HTTP/1.1 answer at a time from the bytes the server sends, and completes the
/// promise waiting for it: the status, the headers the load generator reads (`Location`,
/// `Set-Cookie`, `Connection`), and the body by `Content-Length`.
final class ResponseReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var waiting: EventLoopPromise<Reply>?
    private var pending: ByteBuffer?
    private var closed = false
    /// Longer heads than this are refused (ours are well under 1 KB).
    private let maxHeadBytes = 64 << 10

    /// Registers the promise the next answer completes.
    func expect(_ promise: EventLoopPromise<Reply>) {
        guard !closed else { return promise.fail(ConnectionError.closed) }
        precondition(waiting == nil, "one request at a time")
        waiting = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if pending == nil {
            pending = incoming
        } else {
            pending!.writeBuffer(&incoming)
        }
        guard let promise = waiting else {
            return fail(ConnectionError.protocolViolation("an answer nobody asked for"), context: context)
        }
        do {
            guard let reply = try Self.parse(&pending!, maxHeadBytes: maxHeadBytes) else { return }
            if pending!.readableBytes == 0 { pending = nil }
            waiting = nil
            promise.succeed(reply)
        } catch {
            fail(error, context: context)
        }
    }

    /// One whole answer from the front of `buffer`, consumed; nil while bytes are missing.
    static func parse(_ buffer: inout ByteBuffer, maxHeadBytes: Int) throws -> Reply? {
        // Over the raw bytes with plain loops: the standard library's generic searches
        // (`firstRange(of:)`) looked up type metadata per call and cost more than NIO's decoder.
        let parsed = try buffer.withUnsafeReadableBytes { bytes in try parse(bytes, maxHeadBytes: maxHeadBytes) }
        guard let (reply, consumed) = parsed else { return nil }
        buffer.moveReaderIndex(forwardBy: consumed)
        return reply
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, maxHeadBytes: Int) throws -> (Reply, Int)? {
        let cr = UInt8(ascii: "\r")
        /// The index of the next CRLF at or after `from`, or nil.
        func lineEnd(from: Int) -> Int? {
            var index = from
            while index + 1 < bytes.count {
                if bytes[index] == cr && bytes[index + 1] == UInt8(ascii: "\n") { return index }
                index += 1
            }
            return nil
        }
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var (lower, upper) = (range.lowerBound, range.upperBound)
            while lower < upper, bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t") { lower += 1 }
            while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
            return lower..<upper
        }
        func equalsIgnoringCase(_ range: Range<Int>, _ word: StaticString) -> Bool {
            guard range.count == word.utf8CodeUnitCount else { return false }
            return word.withUTF8Buffer { lower in
                for (offset, index) in range.enumerated() {
                    let byte = bytes[index]
                    let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                    if folded != lower[offset] { return false }
                }
                return true
            }
        }

        // "HTTP/1.1 303 See Other"
        guard let statusEnd = lineEnd(from: 0) else {
            if bytes.count > maxHeadBytes { throw ConnectionError.protocolViolation("head too long") }
            return nil
        }
        guard statusEnd >= 12, text(0..<7) == "HTTP/1.", let code = Int(text(9..<12)) else {
            throw ConnectionError.protocolViolation("bad status line")
        }
        var reply = Reply(status: HTTPResponseStatus(statusCode: code), body: [])
        reply.keepAlive = bytes[7] == UInt8(ascii: "1")  // HTTP/1.1 keeps the connection by default
        var contentLength: Int?
        var chunked = false
        var lineStart = statusEnd + 2
        while true {
            guard let end = lineEnd(from: lineStart) else {
                if bytes.count > maxHeadBytes { throw ConnectionError.protocolViolation("head too long") }
                return nil
            }
            defer { lineStart = end + 2 }
            if end == lineStart { break }  // the empty line after the head
            guard let colon = (lineStart..<end).first(where: { bytes[$0] == UInt8(ascii: ":") }) else {
                throw ConnectionError.protocolViolation("bad header line")
            }
            let name = lineStart..<colon
            let value = trimmed(colon + 1..<end)
            if equalsIgnoringCase(name, "content-length") {
                guard let length = Int(text(value)), length >= 0 else {
                    throw ConnectionError.protocolViolation("bad content-length")
                }
                contentLength = length
            } else if equalsIgnoringCase(name, "location") {
                reply.location = text(value)
            } else if equalsIgnoringCase(name, "set-cookie") {
                reply.setCookies.append(text(value))
            } else if equalsIgnoringCase(name, "connection") {
                if equalsIgnoringCase(value, "close") { reply.keepAlive = false }
                if equalsIgnoringCase(value, "keep-alive") { reply.keepAlive = true }
            } else if equalsIgnoringCase(name, "transfer-encoding") {
                chunked = true
            }
        }
        // Marquee gives every answer a length (its bodies are bytes or files of known size).
        guard !chunked else { throw ConnectionError.protocolViolation("a chunked answer; Marquee sends Content-Length") }
        var index = lineStart
        let length = contentLength ?? 0
        guard bytes.count - index >= length else { return nil }
        reply.body = Array(bytes[index..<index + length])
        index += length
        return (reply, index)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        waiting?.fail(ConnectionError.closed)
        waiting = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        closed = true
        waiting?.fail(error)
        waiting = nil
        context.close(promise: nil)
    }
}

/// Where the server listens, from a base URL such as `http://127.0.0.1:8080`.
struct Address: Sendable, CustomStringConvertible {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `http://host:port` (a trailing slash is fine; nothing else is accepted).
    init?(baseURL: String) {
        var rest = Substring(baseURL)
        guard rest.hasPrefix("http://") else { return nil }
        rest = rest.dropFirst("http://".count)
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) else { return nil }
        self.host = String(rest[..<colon])
        self.port = port
    }

    var description: String { "http://\(host):\(port)" }
}

/// Runs tasks' jobs on one event loop.
final class LoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}

