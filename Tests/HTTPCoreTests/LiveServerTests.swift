import Foundation
import HTTPCore
import Logging
import NIOConcurrencyHelpers
import Testing

/// Behaviour on the wire: a real server on a loopback port and a raw-socket client.
struct LiveServerTests {
    static func makeRouter() -> Router {
        var router = Router()
        router.get("/hello") { _ in .text("Hello, world!") }
        router.get("/movies/:id") { request in .text("movie \(try request.parameter("id", as: Int.self))") }
        router.post("/movies/:id") { _ in .redirect(to: "/movies") }
        router.get("/echo-query") { request in
            .text(request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "|"))
        }
        router.post("/form") { request in
            let form = try request.form()
            return .text(form.map { "\($0.name)=\($0.value)" }.joined(separator: "|"))
        }
        router.post("/echo") { request in
            Response(headers: ["content-type": "application/octet-stream"], body: .bytes(request.body))
        }
        router.post("/upload", bodyLimit: BodyLimit(bytes: 4 * 1024 * 1024)) { request in
            let form = try request.multipart()
            let file = try #require(form.file("poster"))
            return .text("\(form.fields["title"] ?? "") \(file.filename) \(file.contentType) \(file.data.readableBytes)")
        }
        router.get("/page") { _ in .html(String(repeating: "<p>Showtimes and seats</p>\n", count: 300)) }
        router.get("/tiny") { _ in .html("<p>small</p>") }
        router.get("/image") { _ in
            Response(headers: ["content-type": "image/png"], body: .bytes(ByteBuffer(repeating: 7, count: 8000)))
        }
        router.get("/ip") { request in .text(request.remoteAddress ?? "none") }
        router.get("/cookies") { request in
            var response = Response.text(request.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";"))
            response.setCookie(Cookie(name: "seen", value: "1", maxAge: 60))
            return response
        }
        router.get("/slow") { _ in
            try await Task.sleep(for: .milliseconds(600))
            return .text("finally")
        }
        router.get("/boom") { _ in throw CocoaError(.fileNoSuchFile) }
        return router
    }

    // MARK: Routing

    @Test func routingOverTheWire() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            let hello = try await client.request("GET", "/hello")
            #expect(hello.status == 200)
            #expect(hello.text == "Hello, world!")
            #expect(hello.header("content-length") == "13")
            #expect(hello.header("date")?.hasSuffix(" GMT") == true)

            let movie = try await client.request("GET", "/movies/12")
            #expect(movie.text == "movie 12")

            let missing = try await client.request("GET", "/nowhere")
            #expect(missing.status == 404)

            let badParameter = try await client.request("GET", "/movies/twelve")
            #expect(badParameter.status == 404)

            let wrongMethod = try await client.request("DELETE", "/movies/12")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("allow") == "GET, HEAD, POST")

            let redirect = try await client.request("POST", "/movies/12", body: Array("x=1".utf8))
            #expect(redirect.status == 303)
            #expect(redirect.header("location") == "/movies")

            let head = try await client.request("HEAD", "/hello")
            #expect(head.status == 200)
            #expect(head.header("content-length") == "13")
            #expect(head.header("content-type") == "text/plain; charset=utf-8")
            // Nothing follows the HEAD response: the next response starts right away.
            let after = try await client.request("GET", "/movies/1")
            #expect(after.text == "movie 1")

            let failure = try await client.request("GET", "/boom")
            #expect(failure.status == 500)
            #expect(failure.text == "Internal Server Error")

            #expect(try await client.request("GET", "/ip").text == "127.0.0.1")
        }
    }

    @Test func queryAndFormDecodingOverTheWire() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            let query = try await client.request("GET", "/echo-query?seat=A1&seat=A2&q=caf%C3%A9+cr%C3%A8me&sum=1%2B1")
            #expect(query.text == "seat=A1|seat=A2|q=café crème|sum=1+1")

            let form = try await client.request(
                "POST",
                "/form",
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("seat=B1&seat=B2&name=Zo%C3%AB+Saldana&note=a%26b".utf8)
            )
            #expect(form.text == "seat=B1|seat=B2|name=Zoë Saldana|note=a&b")

            let wrongType = try await client.request("POST", "/form", headers: [("Content-Type", "text/plain")], body: Array("a=1".utf8))
            #expect(wrongType.status == 415)
        }
    }

    @Test func cookiesOverTheWire() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            let response = try await client.request("GET", "/cookies", headers: [("Cookie", "b=2; a=1")])
            #expect(response.text == "a=1;b=2")
            #expect(response.header("set-cookie") == "seen=1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
        }
    }

    @Test func multipartUploadWithAFile() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            // A 1.5 MB body through a debug build (the client's read timeout allows for it).
            let client = try RawClient(port: port)
            var file = [UInt8](repeating: 0x5A, count: 1_500_000)
            for index in stride(from: 0, to: file.count, by: 997) { file[index] = UInt8(truncatingIfNeeded: index) }
            var body = Array("--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nAlien\r\n".utf8)
            body += Array("--b0undary\r\nContent-Disposition: form-data; name=\"poster\"; filename=\"alien.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += file
            body += Array("\r\n--b0undary--\r\n".utf8)
            // 1.5 MB is over the 1 MiB default but within this route's 4 MiB limit.
            let response = try await client.request(
                "POST",
                "/upload",
                headers: [("Content-Type", "multipart/form-data; boundary=b0undary")],
                body: body
            )
            #expect(response.status == 200)
            #expect(response.text == "Alien alien.png image/png 1500000")
        }
    }

    // MARK: Keep-alive and pipelining

    @Test func thousandSequentialRequestsOnOneConnection() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            for index in 0..<1000 {
                let response = try await client.request("GET", "/movies/\(index)")
                guard response.status == 200, response.text == "movie \(index)" else {
                    Issue.record("request \(index) got \(response.status) \(response.text)")
                    return
                }
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            var batch = ""
            for index in 0..<10 {
                // Mix a slow handler in: order must hold even when later ones would be quicker.
                let target = index == 3 ? "/slow" : "/movies/\(index)"
                batch += "GET \(target) HTTP/1.1\r\nHost: localhost\r\n\r\n"
            }
            try await client.send(batch)
            for index in 0..<10 {
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == (index == 3 ? "finally" : "movie \(index)"))
            }
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            try await client.send("GET /hello HTTP/1.0\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.text == "Hello, world!")
            #expect(response.header("connection") == "close")
            #expect(await client.waitForClose())

            let keepAlive = try RawClient(port: port)
            try await keepAlive.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await keepAlive.readResponse().text == "Hello, world!")
            try await keepAlive.send("GET /movies/5 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await keepAlive.readResponse().text == "movie 5")
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            let response = try await client.request("GET", "/hello", headers: [("Connection", "close")])
            #expect(response.header("connection") == "close")
            #expect(await client.waitForClose())
        }
    }

    // MARK: Limits

    /// Past the connection limit a new connection is closed as it is accepted; once one
    /// closes, the next is served again.
    @Test func connectionsPastTheLimitAreClosed() async throws {
        try await withServer(Self.makeRouter(), configure: { $0.maxConnections = 2 }) { port, _ in
            let first = try RawClient(port: port)
            let second = try RawClient(port: port)
            #expect(try await first.request("GET", "/hello").text == "Hello, world!")
            #expect(try await second.request("GET", "/hello").text == "Hello, world!")
            let third = try RawClient(port: port)
            #expect(await third.waitForClose())
            try await first.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try await first.readResponse().text == "Hello, world!")
            #expect(await first.waitForClose())
            // The server notices the close on its own loop; try until a connection is served.
            var served = false
            for _ in 0..<50 where !served {
                let next = try RawClient(port: port)
                if let response = try? await next.request("GET", "/hello") { served = response.text == "Hello, world!" }
                if !served { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(served)
            #expect(try await second.request("GET", "/hello").text == "Hello, world!")
        }
    }

    @Test func oversizedBodyIs413WithoutReadingIt() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            // Announce 50 MB, send only the head and a little: the answer must not wait for the rest.
            try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n" + String(repeating: "x", count: 1000))
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("connection") == "close")
            #expect(await client.waitForClose())

            // Chunked bodies have no length up front: refused once they pass the limit.
            let chunked = try RawClient(port: port)
            try await chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "y", count: 0x10000)
            for _ in 0..<17 {
                try? await chunked.send("10000\r\n\(chunk)\r\n")
            }
            #expect(try await chunked.readResponse().status == 413)

            let healthy = try RawClient(port: port)
            let echo = try await healthy.request("POST", "/echo", body: Array(repeating: 65, count: 1000))
            #expect(echo.status == 200)
            #expect(echo.body.count == 1000)
        }
    }

    @Test func refusedBodyIsAnsweredThroughTheMiddleware() async throws {
        var router = Router()
        router.add(middleware: ErrorRendering())
        router.post("/upload", bodyLimit: 1024) { _ in .text("the handler never runs") }
        try await withServer(router) { port, _ in
            // Announced too large: refused from the head, and the application's error
            // middleware writes the answer (as a site renders its error page).
            let client = try RawClient(port: port)
            try await client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n" + String(repeating: "x", count: 1000))
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.text == "rendered 413: The request body is too large.")
            #expect(response.header("connection") == "close")
            #expect(await client.waitForClose())

            // Chunked: refused once past the limit, the same way.
            let chunked = try RawClient(port: port)
            try await chunked.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try? await chunked.send("800\r\n\(String(repeating: "y", count: 0x800))\r\n")
            let refused = try await chunked.readResponse()
            #expect(refused.status == 413)
            #expect(refused.text == "rendered 413: The request body is too large.")
        }
    }

    @Test func aRaisedLimitIsOnlyForRequestsTheRouteAdmits() async throws {
        var router = Router()
        router.add(middleware: ErrorRendering())
        let limit = BodyLimit(
            bytes: 64 << 10,
            admitting: { $0.headers.first(name: "x-uploader") == "yes" },
            refusal: HTTPError(.forbidden, message: "Uploaders only."))
        router.post("/upload", bodyLimit: limit) { request in .text("read \(request.body.readableBytes)") }
        try await withServer(router, configure: { $0.defaultBodyLimit = 4 << 10 }) { port, _ in
            let big = [UInt8](repeating: 0x61, count: 32 << 10)
            // Admitted: up to the route's own limit.
            let admitted = try RawClient(port: port)
            let read = try await admitted.request("POST", "/upload", headers: [("X-Uploader", "yes")], body: big)
            #expect(read.status == 200)
            #expect(read.text == "read \(32 << 10)")

            // Not admitted, announced over the server's default: the route's refusal, from
            // the head, through the middleware, without reading the body.
            let stranger = try RawClient(port: port)
            try await stranger.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: \(32 << 10)\r\n\r\n")
            let refused = try await stranger.readResponse()
            #expect(refused.status == 403)
            #expect(refused.text == "rendered 403: Uploaders only.")
            #expect(refused.header("connection") == "close")
            #expect(await stranger.waitForClose())

            // The same over a chunked body, refused once past the default.
            let chunked = try RawClient(port: port)
            try await chunked.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try? await chunked.send("1400\r\n\(String(repeating: "y", count: 0x1400))\r\n")
            #expect(try await chunked.readResponse().status == 403)

            // Not admitted but within the default: the route still answers.
            let small = try await RawClient(port: port).request("POST", "/upload", body: Array(big.prefix(1000)))
            #expect(small.status == 200)
            #expect(small.text == "read 1000")
        }
    }

    @Test func bodyWithinTheDefaultLimitIsAccepted() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            var body = [UInt8](repeating: 0x41, count: 1024 * 1024)
            for index in stride(from: 0, to: body.count, by: 1009) { body[index] = UInt8(truncatingIfNeeded: index) }
            let echo = try await client.request("POST", "/echo", body: body)
            #expect(echo.status == 200)
            #expect(echo.body == body)
        }
    }

    @Test func expectContinueGets100ThenTheAnswer() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try await client.send("hello")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello")

            // Too big: refused straight away, no 100.
            let refused = try RawClient(port: port)
            try await refused.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await refused.readResponse().status == 413)
        }
    }

    @Test func oversizedHeadIs431() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            let filler = String(repeating: "a", count: 20 * 1024)
            try await client.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Filler: \(filler)\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 431)
            #expect(response.header("connection") == "close")
            #expect(await client.waitForClose())

            let longTarget = try RawClient(port: port)
            try await longTarget.send("GET /hello?\(filler) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await longTarget.readResponse().status == 431)

            let healthy = try RawClient(port: port)
            #expect(try await healthy.request("GET", "/hello").status == 200)
        }
    }

    @Test func malformedRequestIs400AndCloses() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            for garbage in [
                "GARBAGE\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                "GET /hello HTTP/9.9\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            ] {
                let client = try RawClient(port: port)
                try await client.send(garbage)
                let response = try await client.readResponse()
                #expect(response.status == 400, "for \(garbage.debugDescription)")
                #expect(await client.waitForClose(), "for \(garbage.debugDescription)")
            }
            let healthy = try RawClient(port: port)
            #expect(try await healthy.request("GET", "/hello").text == "Hello, world!")
        }
    }

    @Test func badConnectionDoesNotDisturbAnother() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let good = try RawClient(port: port)
            #expect(try await good.request("GET", "/movies/1").text == "movie 1")
            let bad = try RawClient(port: port)
            try await bad.send("\u{0}\u{1}\u{2} not http at all\r\n\r\n")
            _ = await bad.waitForClose()
            let slow = try RawClient(port: port)
            try await slow.send("GET /hel")  // left hanging
            #expect(try await good.request("GET", "/movies/2").text == "movie 2")
        }
    }

    // MARK: Timeouts

    @Test func slowHeadIsCutOffAfterTheHeadTimeout() async throws {
        try await withServer(Self.makeRouter(), configure: { $0.headTimeout = .milliseconds(300); $0.eventLoopThreads = 1 }) { port, _ in
            let client = try RawClient(port: port)
            let started = ContinuousClock.now
            try await client.send("GET /hello HTTP/1.1\r\n")
            try await Task.sleep(for: .milliseconds(150))
            try await client.send("Host: x\r\n")  // still trickling: does not extend the deadline
            #expect(await client.waitForClose())
            // `started` precedes the first byte, so the deadline cannot pass before 300 ms of
            // it. The upper bound only says "closed by the timeout, not never": on a machine
            // busy with parallel tests the close may be seen seconds late.
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(20))
        }
    }

    @Test func idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await withServer(Self.makeRouter(), configure: { $0.idleTimeout = .milliseconds(600); $0.eventLoopThreads = 1 }) { port, _ in
            let client = try RawClient(port: port)
            // Taken before the request: the idle timer starts after the response is written,
            // so the close cannot come sooner than 600 ms from here, however late the response
            // reaches this client. The upper bound says "not never" (see the head timeout).
            let started = ContinuousClock.now
            #expect(try await client.request("GET", "/hello").status == 200)
            #expect(await client.waitForClose())
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(600) && elapsed < .seconds(20))
        }
    }

    // MARK: Compression

    @Test func gzipResponseDecompressesToTheOriginal() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            let plain = try await client.request("GET", "/page")
            #expect(plain.header("content-encoding") == nil)
            #expect(plain.header("vary") == "Accept-Encoding")

            let compressed = try await client.request("GET", "/page", headers: [("Accept-Encoding", "br, gzip")])
            #expect(compressed.status == 200)
            #expect(compressed.header("content-encoding") == "gzip")
            #expect(compressed.body.count < plain.body.count / 5)
            #expect(try gunzip(compressed.body) == plain.body)

            let deflate = try await client.request("GET", "/page", headers: [("Accept-Encoding", "deflate")])
            #expect(deflate.header("content-encoding") == "deflate")
            let preferred = try await client.request("GET", "/page", headers: [("Accept-Encoding", "deflate;q=0.5, gzip")])
            #expect(preferred.header("content-encoding") == "gzip")
            let refused = try await client.request("GET", "/page", headers: [("Accept-Encoding", "gzip;q=0, identity")])
            #expect(refused.header("content-encoding") == nil)
            #expect(refused.body == plain.body)

            // Too small, an image, or HEAD: never compressed.
            let tiny = try await client.request("GET", "/tiny", headers: [("Accept-Encoding", "gzip")])
            #expect(tiny.header("content-encoding") == nil)
            let image = try await client.request("GET", "/image", headers: [("Accept-Encoding", "gzip")])
            #expect(image.header("content-encoding") == nil)
            #expect(image.body.count == 8000)
            // A HEAD answer says what the GET would: the same Vary, and no identity length to
            // a client whose GET would be compressed (RFC 9110 §8.6); nothing follows it.
            let head = try await client.request("HEAD", "/page", headers: [("Accept-Encoding", "gzip")])
            #expect(head.status == 200)
            #expect(head.header("content-encoding") == nil)
            #expect(head.header("content-length") == nil)
            #expect(head.header("vary") == "Accept-Encoding")
            #expect(head.body.isEmpty)
            let identityHead = try await client.request("HEAD", "/page", headers: [("Accept-Encoding", "gzip;q=0")])
            #expect(identityHead.header("content-length") == String(plain.body.count))
            #expect(identityHead.header("vary") == "Accept-Encoding")
            let plainHead = try await client.request("HEAD", "/page")
            #expect(plainHead.header("content-length") == String(plain.body.count))
            let tinyHead = try await client.request("HEAD", "/tiny", headers: [("Accept-Encoding", "gzip")])
            #expect(tinyHead.header("content-length") == String(tiny.body.count))
            #expect(tinyHead.header("vary") == nil)
            // And the connection is still in step after all of that.
            #expect(try await client.request("GET", "/hello").text == "Hello, world!")
        }
    }

    // MARK: Access log

    @Test func oneAccessLogLinePerRequest() async throws {
        let (logger, messages) = Logger.capturing()
        try await withServer(Self.makeRouter(), configure: { $0.accessLog = true }, logger: logger) { port, _ in
            let client = try RawClient(port: port)
            _ = try await client.request("GET", "/hello")
            _ = try await client.request("GET", "/nowhere?x=1")
        }
        let lines = messages.withLockedValue { $0 }.filter { $0.hasPrefix("GET ") }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("GET /hello 200 13 ") == true)
        #expect(lines.first?.hasSuffix("ms") == true)
        #expect(lines.last?.hasPrefix("GET /nowhere 404 ") == true)
    }

    // MARK: Shutdown

    @Test func inFlightRequestCompletesDuringShutdown() async throws {
        // The handler answers when the test lets it, not after a fixed sleep: on a busy
        // machine a sleep could end before the shutdown reached the connection.
        let (entered, handlerEntered) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseHandler) = AsyncStream.makeStream(of: Void.self)
        var router = Self.makeRouter()
        router.get("/gated") { _ in
            handlerEntered.yield()
            for await _ in release { break }
            return .text("finally")
        }
        let server = HTTPServer(
            // Its own event loop: timing must not depend on other tests' handlers.
            configuration: .init(port: 0, eventLoopThreads: 1, accessLog: false, handlesSignals: false),
            router: router,
            logger: .quiet
        )
        let port = try await server.start()
        let idle = try RawClient(port: port)
        #expect(try await idle.request("GET", "/hello").status == 200)

        let slow = try RawClient(port: port)
        try await slow.send("GET /gated HTTP/1.1\r\nHost: x\r\n\r\n")
        for await _ in entered { break }  // the request is in flight

        async let stopped: Void = server.shutdown()
        // The idle keep-alive connection is closed at once, the in-flight one is not.
        #expect(await idle.waitForClose())
        releaseHandler.yield()
        // The in-flight request still gets its whole answer, marked as the last.
        let response = try await slow.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "finally")
        #expect(response.header("connection") == "close")
        #expect(await slow.waitForClose())
        await stopped
        // No longer accepting.
        await #expect(throws: (any Error).self) { _ = try await RawClient(port: port).request("GET", "/hello") }
    }

    @Test func shutdownGracePeriodBoundsTheWait() async throws {
        var router = Router()
        router.get("/forever") { _ in
            try? await Task.sleep(for: .seconds(30))
            return .text("too late")
        }
        let server = HTTPServer(
            configuration: .init(port: 0, eventLoopThreads: 1, shutdownGracePeriod: .milliseconds(300), accessLog: false, handlesSignals: false),
            router: router,
            logger: .quiet
        )
        let port = try await server.start()
        let client = try RawClient(port: port)
        try await client.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(await client.waitForClose())
    }

    @Test func runReturnsAfterShutdown() async throws {
        let server = HTTPServer(
            configuration: .init(port: 0, accessLog: false, handlesSignals: false),
            router: Self.makeRouter(),
            logger: .quiet
        )
        let port = try await server.start()
        async let running: Void = server.run()
        #expect(try await RawClient(port: port).request("GET", "/hello").status == 200)
        await server.shutdown()
        try await running
    }
}

/// Decompresses gzip data with the system's `gzip -d`.
func gunzip(_ data: [UInt8]) throws -> [UInt8] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("body.gz")
    try Data(data).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-d", file.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw RawClient.ClientError(description: "gzip -d failed with \(process.terminationStatus)")
    }
    return Array(try Data(contentsOf: directory.appendingPathComponent("body")))
}

extension LiveServerTests {
    @Test func handlersCanRunOffTheEventLoop() async throws {
        try await withServer(Self.makeRouter(), configure: { $0.runsHandlersOnEventLoop = false }) { port, _ in
            let client = try RawClient(port: port)
            #expect(try await client.request("GET", "/movies/3").text == "movie 3")
            #expect(try await client.request("GET", "/slow").text == "finally")
            try await client.send("GET /movies/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /movies/2 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.readResponse().text == "movie 1")
            #expect(try await client.readResponse().text == "finally")
            #expect(try await client.readResponse().text == "movie 2")
        }
    }

    @Test func suspendingHandlerThenPipelinedRequestsKeepOrder() async throws {
        try await withServer(Self.makeRouter()) { port, _ in
            let client = try RawClient(port: port)
            // The first handler suspends; the next two arrive meanwhile and wait their turn.
            try await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /movies/8 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.readResponse().text == "finally")
            #expect(try await client.readResponse().text == "movie 8")
            #expect(try await client.readResponse().text == "Hello, world!")
            // And the connection's worker still serves later requests.
            #expect(try await client.request("GET", "/movies/9").text == "movie 9")
        }
    }
}

/// Renders every HTTP error as one line of text, as an application's error pages would.
private struct ErrorRendering: Middleware {
    func respond(to request: Request, next: Handler) async throws -> Response {
        do {
            return try await next(request)
        } catch let error as HTTPError {
            return .text("rendered \(error.status.code): \(error.message)", status: error.status)
        }
    }
}
