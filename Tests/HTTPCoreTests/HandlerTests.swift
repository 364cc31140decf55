@_spi(Benchmarks) @testable import HTTPCore
import Logging
import NIOEmbedded
import Foundation
import Testing

/// The connection handlers on an `EmbeddedChannel`: raw bytes in, raw bytes out, no socket.
struct HandlerTests {
    private func makeChannel(_ router: Router, configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> EmbeddedChannel {
        var configuration = HTTPServer.Configuration(port: 0, accessLog: false, handlesSignals: false)
        configure(&configuration)
        let server = HTTPServer(configuration: configuration, router: router, logger: .quiet)
        let channel = EmbeddedChannel()
        try server.installHandlers(on: channel)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    private func output(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let part = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = part else { continue }
            text += String(buffer: buffer)
        }
        return text
    }

    @Test func answersWithinTheSameReadWhenTheHandlerDoesNotSuspend() throws {
        var router = Router()
        router.get("/hi") { _ in .text("hi") }
        let channel = try self.makeChannel(router)
        try channel.writeInbound(ByteBuffer(string: "GET /hi HTTP/1.1\r\nHost: x\r\n\r\n"))
        // No loop tick was needed: the response is already written.
        let text = try self.output(channel)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("content-length: 2\r\n"))
        #expect(text.hasSuffix("\r\n\r\nhi"))
        _ = try? channel.finish()
    }

    @Test func pipelinedRequestsInOneReadAreAnsweredInOrder() throws {
        var router = Router()
        router.get("/n/:n") { request in .text("n=\(request.parameters["n"] ?? "")") }
        let channel = try self.makeChannel(router)
        let batch = (1...5).map { "GET /n/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
        try channel.writeInbound(ByteBuffer(string: batch))
        let text = try self.output(channel)
        let bodies = text.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix(3) }
        #expect(bodies == ["n=1", "n=2", "n=3", "n=4", "n=5"])
        _ = try? channel.finish()
    }

    @Test func compressorJoinsTheConnectionWithTheFirstRequestAskingForAnEncoding() throws {
        var router = Router()
        let page = String(repeating: "<p>Now showing</p>\n", count: 200)
        router.get("/page") { _ in .html(page) }
        let channel = try self.makeChannel(router)
        // Pipelined in one read: plain, gzip, plain again (the compressor now in place), deflate.
        let batch = [nil, "gzip", nil, "deflate"].map { encoding in
            "GET /page HTTP/1.1\r\nHost: x\r\n" + (encoding.map { "Accept-Encoding: \($0)\r\n" } ?? "") + "\r\n"
        }.joined()
        try channel.writeInbound(ByteBuffer(string: batch))
        let heads = try self.output(channel).components(separatedBy: "HTTP/1.1 ").dropFirst()
        let encodings = heads.map { response -> String in
            let head = response.components(separatedBy: "\r\n\r\n")[0].lowercased()
            return head.contains("content-encoding: gzip") ? "gzip" : head.contains("content-encoding: deflate") ? "deflate" : "-"
        }
        #expect(encodings == ["-", "gzip", "-", "deflate"])
        #expect(heads.allSatisfy { $0.hasPrefix("200 OK\r\n") && $0.contains("vary: Accept-Encoding\r\n") })
        _ = try? channel.finish()
    }

    @Test func readBurstsDriveTheConnectionTimeouts() throws {
        var router = Router()
        router.get("/hi") { _ in .text("hi") }
        router.post("/echo") { request in .text(String(buffer: request.body)) }
        let channel = try self.makeChannel(router)
        let handler = try channel.pipeline.syncOperations.handler(type: HTTPChannelHandler.self)
        // A whole request answered within its read: back to idle (the idle timeout runs).
        try channel.writeInbound(ByteBuffer(string: "GET /hi HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(handler.machine.state == .idle)
        // Part of a head: the head timeout runs from this read.
        try channel.writeInbound(ByteBuffer(string: "POST /echo HTTP/1.1\r\nHost: x\r\n"))
        #expect(handler.machine.state == .readingHead)
        try channel.writeInbound(ByteBuffer(string: "Content-Length: 4\r\n\r\nab"))
        #expect(handler.machine.state == .readingBody)
        try channel.writeInbound(ByteBuffer(string: "cd"))
        #expect(handler.machine.state == .idle)
        #expect(try self.output(channel).hasSuffix("\r\n\r\nabcd"))
        _ = try? channel.finish()
    }

    @Test func serverOwnedHeadersAreSetOnceInOrder() throws {
        var router = Router()
        router.get("/own") { _ in
            var response = Response.text("hello")
            response.headers.add(name: "Content-Length", value: "99")
            response.headers.add(name: "Date", value: "Thu, 01 Jan 1970 00:00:00 GMT")
            response.headers.add(name: "Connection", value: "keep-alive")
            response.headers.add(name: "X-Kept", value: "yes")
            return response
        }
        router.get("/none") { _ in Response(status: .noContent, headers: ["content-length": "5"]) }
        let channel = try self.makeChannel(router)
        try channel.writeInbound(ByteBuffer(string: "GET /own HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(
            try self.output(channel) == "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\nConnection: keep-alive\r\nX-Kept: yes\r\n"
                + "content-length: 5\r\n\r\nhello"
        )
        try channel.writeInbound(ByteBuffer(string: "HEAD /own HTTP/1.1\r\nHost: x\r\n\r\n"))
        let head = try self.output(channel)
        #expect(head.contains("Content-Length: 99\r\n") && !head.contains("content-length"))
        try channel.writeInbound(ByteBuffer(string: "GET /none HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(!(try self.output(channel)).lowercased().contains("content-length"))
        try channel.writeInbound(ByteBuffer(string: "GET /own HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        let closing = try self.output(channel)
        #expect(closing.contains("\r\nconnection: close\r\n") && !closing.contains("keep-alive"))
        _ = try? channel.finish()
    }

    @Test func parserErrorsAnswer400And431ThenClose() throws {
        let router = Router()
        let malformed = try self.makeChannel(router)
        _ = try? malformed.writeInbound(ByteBuffer(string: "NOT HTTP\r\n\r\n"))
        #expect(try self.output(malformed).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(!malformed.isActive)

        let oversized = try self.makeChannel(router) { $0.maxHeadSize = 256 }
        _ = try? oversized.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "b", count: 300))\r\n\r\n"))
        let text = try self.output(oversized)
        #expect(text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        #expect(text.contains("connection: close\r\n"))
        #expect(!oversized.isActive)
    }

    @Test func quiesceClosesAnIdleConnection() throws {
        let channel = try self.makeChannel(Router())
        channel.pipeline.fireUserInboundEventTriggered(HTTPServer.QuiesceEvent())
        #expect(!channel.isActive)
    }
}
