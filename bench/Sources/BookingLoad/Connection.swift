import NIOCore
import NIOHTTP1
import NIOPosix

/// An answer from the server, read whole.
struct Reply {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: [UInt8]

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
/// scope, and only one task uses it.
struct Connection {
    typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    private var responses: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let requests: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
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
        let channel: Channel = try await ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = Connection(
                responses: inbound.makeAsyncIterator(), requests: outbound,
                hostHeader: "\(address.host):\(address.port)")
            return try await body(&connection)
        }
    }

    private init(
        responses: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        requests: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>,
        hostHeader: String
    ) {
        self.responses = responses
        self.requests = requests
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
        var parts: [HTTPClientRequestPart] = [.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers))]
        if let body, !body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: body))))
        }
        parts.append(.end(nil))
        do {
            try await requests.write(contentsOf: parts)
        } catch {
            isClosed = true
            throw ConnectionError.closed
        }

        var head: HTTPResponseHead?
        var bytes: [UInt8] = []
        while true {
            let part: HTTPClientResponsePart?
            do {
                part = try await responses.next()
            } catch {
                isClosed = true
                throw ConnectionError.closed
            }
            switch part {
            case nil:
                isClosed = true
                throw ConnectionError.closed
            case .head(let received):
                guard head == nil else { throw ConnectionError.protocolViolation("two response heads") }
                head = received
                if let length = received.headers.first(name: "content-length").flatMap(Int.init) {
                    bytes.reserveCapacity(length)
                }
            case .body(let buffer):
                bytes.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { throw ConnectionError.protocolViolation("response end without a head") }
                if !head.isKeepAlive { isClosed = true }
                return Reply(status: head.status, headers: head.headers, body: bytes)
            }
        }
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

