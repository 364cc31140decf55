// HTTPBench: the same two answers served by Marquee's HTTPCore and by a bare SwiftNIO server,
// side by side in one process, for wrk to compare (see bench/http.sh and docs/PERFORMANCE.md).
//
//   HTTPBench [--marquee-port 8081] [--nio-port 8082] [--access-log off|on] [--offload]
//   HTTPBench --micro [iterations]   pipeline cost per request without sockets, then exit
//     [--micro-only bare|core] [--micro-route /plaintext|/html]   a subset (for instruction
//     counts under valgrind, see bench/http.sh INSTRUCTIONS=1)
//
// Routes on both ports:
//   GET /plaintext  "Hello, World!" as text/plain
//   GET /html       a ~6 KB HTML page (a prebuilt String, copied into a fresh buffer per request)
@_spi(Benchmarks) import HTTPCore
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

let page: String = {
    var html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Now showing</title>"
    html += "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><main><h1>Now showing</h1><ul class=\"movies\">\n"
    var index = 0
    while html.utf8.count < 6000 {
        index += 1
        html += "<li class=\"movie\"><a href=\"/movies/\(index)\">Movie number \(index)</a> <span>120 min</span> <time>19:30</time></li>\n"
    }
    html += "</ul></main></body></html>\n"
    return html
}()

// MARK: Arguments

var marqueePort = 8081
var nioPort = 8082
var accessLog = false
var offload = false
var microIterations: Int?
var microSides = ["bare", "core"]
var microRoutes = ["/plaintext", "/html"]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--marquee-port": marqueePort = Int(arguments.next() ?? "") ?? marqueePort
    case "--nio-port": nioPort = Int(arguments.next() ?? "") ?? nioPort
    case "--access-log": accessLog = arguments.next() == "on"
    case "--offload": offload = true
    case "--micro": microIterations = Int(arguments.next() ?? "") ?? 20_000
    case "--micro-only": microSides = [arguments.next() ?? ""]
    case "--micro-route": microRoutes = [arguments.next() ?? ""]
    default:
        print("unknown argument \(argument)")
        exit(2)
    }
}

// MARK: Marquee

// The access log goes where `marquee serve` sends it: standard error through HTTPCore's
// BufferedLogStream (swift-log's line format, written in batches).
BufferedLogStream.standardError.startFlushing()
var logger = Logger(label: "bench") { BufferedLogHandler(label: $0, stream: .standardError) }
logger.logLevel = .info
var router = Router()
router.get("/plaintext") { _ in .text("Hello, World!") }
router.get("/html") { _ in .html(page) }
let server = HTTPServer(
    configuration: .init(
        port: marqueePort,
        accessLog: accessLog,
        handlesSignals: true,
        runsHandlersOnEventLoop: !offload
    ),
    router: router,
    logger: logger
)

// MARK: Bare NIO

/// The least a NIO HTTP/1 server does to give the same two answers.
final class BareHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var keepAlive = true
    private var uri = ""

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.keepAlive = head.isKeepAlive
            self.uri = head.uri
        case .body:
            break
        case .end:
            let body: ByteBuffer
            let contentType: String
            var status = HTTPResponseStatus.ok
            switch self.uri {
            case "/plaintext":
                body = context.channel.allocator.buffer(string: "Hello, World!")
                contentType = "text/plain; charset=utf-8"
            case "/html":
                body = context.channel.allocator.buffer(string: page)
                contentType = "text/html; charset=utf-8"
            default:
                body = context.channel.allocator.buffer(string: "Not Found")
                contentType = "text/plain; charset=utf-8"
                status = .notFound
            }
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: contentType)
            headers.add(name: "content-length", value: String(body.readableBytes))
            if !self.keepAlive { headers.add(name: "connection", value: "close") }
            context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            if self.keepAlive {
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in
                    boundContext.value.close(promise: nil)
                }
            }
        }
    }
}

// MARK: Micro benchmark: both pipelines on an EmbeddedChannel, no sockets, no scheduling

/// Pushes the same keep-alive request through a pipeline `iterations` times and returns the
/// best of five rounds in nanoseconds per request.
func measurePipeline(iterations: Int, path: String, install: (EmbeddedChannel) throws -> Void) throws -> Double {
    let channel = EmbeddedChannel()
    try install(channel)
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
    let request = ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: bench\r\n\r\n")
    // Thread CPU time, not wall time: on a shared machine the thread is preempted often,
    // and only the work it does is of interest here.
    func cpuNanoseconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1e9 + Double(now.tv_nsec)
    }
    var best = Double.infinity
    for _ in 0..<9 {
        let start = cpuNanoseconds()
        for _ in 0..<iterations {
            try channel.writeInbound(request)
            while try channel.readOutbound(as: IOData.self) != nil {}
        }
        best = min(best, (cpuNanoseconds() - start) / Double(iterations))
    }
    _ = try? channel.finish()
    return best
}

if let iterations = microIterations {
    for path in microRoutes {
        var bareCost = 0.0
        var coreCost = 0.0
        if microSides.contains("bare") {
            bareCost = try measurePipeline(iterations: iterations, path: path) { channel in
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(BareHandler())
            }
        }
        if microSides.contains("core") {
            coreCost = try measurePipeline(iterations: iterations, path: path) { channel in
                try server.installHandlers(on: channel)
            }
        }
        print("\(path): bare NIO \(Int(bareCost)) ns/request, HTTPCore \(Int(coreCost)) ns/request (+\(Int(coreCost - bareCost)) ns)")
    }
    exit(0)
}

let bare = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelOption(.maxMessagesPerRead, value: 16)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(BareHandler())
        }
    }
    .bind(host: "127.0.0.1", port: nioPort).get()

print("bare NIO on 127.0.0.1:\(nioPort); HTTPCore on 127.0.0.1:\(marqueePort) (access log \(accessLog ? "on" : "off"), handlers \(offload ? "on the global executor" : "on the event loop"))")
try await server.run()
try? await bare.close().get()
