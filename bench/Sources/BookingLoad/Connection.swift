import NIOCore
import NIOHTTP1
import NIOPosix

/// An answer from the server, read whole.
struct Reply {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: [UInt8]
    /// False when the server said it closes the connection after this answer.
    var keepAlive = true

    /// The `Location` header of a redirect.
    var location: String? { headers.first(name: "location") }

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
/// A plain channel handler collects each answer and completes a promise the caller awaits.
/// `NIOAsyncChannel` did the same with back-pressure buffers and a writer on both sides: a
/// third of the load generator's CPU in the booking storm, time the server under test then
/// lacked on the same two cores.
struct Connection {
    private let channel: any Channel
    private let collector: NIOLoopBound<ResponseCollector>
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
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
            .connect(host: address.host, port: address.port)
            .get()
        let collector = try await channel.pipeline.handler(type: ResponseCollector.self).map {
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

    private init(channel: any Channel, collector: NIOLoopBound<ResponseCollector>, hostHeader: String) {
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
        var headers = extra
        headers.add(name: "Host", value: hostHeader)
        if let body {
            headers.add(name: "Content-Length", value: String(body.count))
        }
        // On the connection's loop (see open): the collector is touched only there.
        let answer = channel.eventLoop.makePromise(of: Reply.self)
        collector.value.expect(answer)
        channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)), promise: nil)
        if let body, !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
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

/// Collects the parts of one answer at a time and completes the promise waiting for it.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private var waiting: EventLoopPromise<Reply>?
    private var head: HTTPResponseHead?
    private var bytes: [UInt8] = []
    private var closed = false

    /// Registers the promise the next answer completes.
    func expect(_ promise: EventLoopPromise<Reply>) {
        guard !closed else { return promise.fail(ConnectionError.closed) }
        precondition(waiting == nil, "one request at a time")
        waiting = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            guard head == nil else { return fail(ConnectionError.protocolViolation("two response heads"), context: context) }
            head = received
            bytes = []
            if let length = received.headers.first(name: "content-length").flatMap(Int.init) {
                bytes.reserveCapacity(length)
            }
        case .body(let buffer):
            bytes.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let received = head else { return fail(ConnectionError.protocolViolation("response end without a head"), context: context) }
            head = nil
            let reply = Reply(status: received.status, headers: received.headers, body: bytes, keepAlive: received.isKeepAlive)
            bytes = []
            let promise = waiting
            waiting = nil
            guard let promise else { return fail(ConnectionError.protocolViolation("an answer nobody asked for"), context: context) }
            promise.succeed(reply)
        }
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

