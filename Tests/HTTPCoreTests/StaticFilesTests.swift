import Foundation
@testable import HTTPCore
import NIOCore
import Testing

/// Static files from a temporary `Public/` folder, in process and over the wire.
struct StaticFilesTests {
    /// A temporary folder:
    /// ```
    /// secret.txt                  (outside the root)
    /// Public/css/site.css
    /// Public/img/logo.png
    /// Public/index.html, notes.weird, .env, big.bin, big.css
    /// Public/escape.txt        -> ../secret.txt   (symlink out)
    /// Public/outside           -> ..              (symlink out)
    /// Public/alias.css         -> css/site.css    (symlink in)
    /// ```
    final class Fixture {
        let base: URL
        let root: String
        let css = String(repeating: "body { color: #123; }\n", count: 200)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 3000)
        let big: [UInt8] = {
            var bytes = [UInt8](repeating: 0xA5, count: 3_000_000)
            for index in stride(from: 0, to: bytes.count, by: 4099) { bytes[index] = UInt8(truncatingIfNeeded: index >> 3) }
            return bytes
        }()

        init() throws {
            let manager = FileManager.default
            self.base = manager.temporaryDirectory.appendingPathComponent("marquee-static-\(UUID().uuidString)")
            let publicURL = self.base.appendingPathComponent("Public")
            self.root = publicURL.path
            try manager.createDirectory(at: publicURL.appendingPathComponent("css"), withIntermediateDirectories: true)
            try manager.createDirectory(at: publicURL.appendingPathComponent("img"), withIntermediateDirectories: true)
            try Data("TOP SECRET".utf8).write(to: self.base.appendingPathComponent("secret.txt"))
            try Data(self.css.utf8).write(to: publicURL.appendingPathComponent("css/site.css"))
            try Data(self.png).write(to: publicURL.appendingPathComponent("img/logo.png"))
            try Data("<h1>Marquee</h1>".utf8).write(to: publicURL.appendingPathComponent("index.html"))
            try Data("???".utf8).write(to: publicURL.appendingPathComponent("notes.weird"))
            try Data("SECRET=1".utf8).write(to: publicURL.appendingPathComponent(".env"))
            try Data(self.big).write(to: publicURL.appendingPathComponent("big.bin"))
            try Data(String(repeating: self.css, count: 100).utf8).write(to: publicURL.appendingPathComponent("big.css"))
            try manager.createSymbolicLink(atPath: publicURL.appendingPathComponent("escape.txt").path, withDestinationPath: "../secret.txt")
            try manager.createSymbolicLink(atPath: publicURL.appendingPathComponent("outside").path, withDestinationPath: "..")
            try manager.createSymbolicLink(atPath: publicURL.appendingPathComponent("alias.css").path, withDestinationPath: "css/site.css")
        }

        deinit {
            try? FileManager.default.removeItem(at: self.base)
        }

        func router() -> Router {
            let files = StaticFiles(root: self.root)
            var router = Router()
            router.get("/static/*path") { try await files.respond(to: $0, path: $0.parameters["path"] ?? "") }
            router.get("/hello") { _ in .text("hello") }
            return router
        }
    }

    @Test func safeRelativePathRefusesEverySpelling() {
        #expect(StaticFiles.safeRelativePath("css/site.css") == "css/site.css")
        #expect(StaticFiles.safeRelativePath("css//site.css") == "css/site.css")
        for refused in ["", "/", "/etc/passwd", "..", "../secret.txt", "css/../../secret.txt", "css/./site.css",
            "./site.css", "..\\secret.txt", "css\\..\\..\\secret.txt", ".env", "css/.hidden", "a\u{0}b"]
        {
            #expect(StaticFiles.safeRelativePath(refused) == nil, "\(refused.debugDescription)")
        }
    }

    @Test func servesTypesWithValidators() async throws {
        let fixture = try Fixture()
        let router = fixture.router()
        let css = await router.respond(to: Request(uri: "/static/css/site.css"))
        #expect(css.status == .ok)
        #expect(css.headers.first(name: "content-type") == "text/css; charset=utf-8")
        #expect(css.headers.first(name: "cache-control") == "public, max-age=3600")
        #expect(css.headers.first(name: "etag")?.hasPrefix("\"") == true)
        #expect(css.headers.first(name: "last-modified")?.hasSuffix(" GMT") == true)
        // A small file comes from memory (see smallFilesComeFromMemoryUntilTheyChange).
        guard case .bytes(let bytes) = css.body else {
            Issue.record("expected the file's bytes")
            return
        }
        #expect(Array(bytes.readableBytesView) == Array(fixture.css.utf8))

        let types = [
            "img/logo.png": "image/png", "index.html": "text/html; charset=utf-8",
            "notes.weird": "application/octet-stream", "alias.css": "text/css; charset=utf-8",
        ]
        for (file, type) in types {
            let response = await router.respond(to: Request(uri: "/static/\(file)"))
            #expect(response.status == .ok, "\(file)")
            #expect(response.headers.first(name: "content-type") == type, "\(file)")
        }
        #expect(await router.respond(to: Request(uri: "/static/css")).status == .notFound)
        #expect(await router.respond(to: Request(uri: "/static/missing.css")).status == .notFound)
        #expect(await router.respond(to: Request(method: .POST, uri: "/static/index.html")).status == .methodNotAllowed)
    }

    @Test func conditionalRequestsGet304() async throws {
        let fixture = try Fixture()
        let router = fixture.router()
        let first = await router.respond(to: Request(uri: "/static/css/site.css"))
        let etag = try #require(first.headers.first(name: "etag"))
        let lastModified = try #require(first.headers.first(name: "last-modified"))

        func status(_ headers: [(String, String)]) async -> HTTPResponseStatus {
            await router.respond(to: Request(uri: "/static/css/site.css", headers: HTTPHeaders(headers))).status
        }
        #expect(await status([("If-None-Match", etag)]) == .notModified)
        #expect(await status([("If-None-Match", "\"other\", W/\(etag)")]) == .notModified)
        #expect(await status([("If-None-Match", "*")]) == .notModified)
        #expect(await status([("If-None-Match", "\"other\"")]) == .ok)
        #expect(await status([("If-Modified-Since", lastModified)]) == .notModified)
        #expect(await status([("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")]) == .ok)
        // If-None-Match wins over If-Modified-Since.
        #expect(await status([("If-None-Match", "\"other\""), ("If-Modified-Since", lastModified)]) == .ok)

        let notModified = await router.respond(to: Request(uri: "/static/css/site.css", headers: HTTPHeaders([("If-None-Match", etag)])))
        #expect(notModified.headers.first(name: "etag") == etag)
        #expect(notModified.headers.first(name: "cache-control") == "public, max-age=3600")
    }

    @Test func traversalIsRefusedInEverySpellingOnTheWire() async throws {
        let fixture = try Fixture()
        try await withServer(fixture.router()) { port, _ in
            let attempts = [
                "/static/../secret.txt",
                "/static/%2e%2e/secret.txt",
                "/static/%2E%2E/secret.txt",
                "/static/.%2e/secret.txt",
                "/static/..%2fsecret.txt",
                "/static/..%2Fsecret.txt",
                "/static/%2e%2e%2fsecret.txt",
                "/static/css/..%2f..%2fsecret.txt",
                "/static/css/%2e%2e/%2e%2e/secret.txt",
                "/static/..%5csecret.txt",
                "/static/css%5c..%5c..%5csecret.txt",
                "/static/%2fetc%2fpasswd",
                "/static//etc/passwd",
                "/static/%2F..%2F..%2Fsecret.txt",
                "/static/escape.txt",
                "/static/outside/secret.txt",
                                "/static/.env",
                "/static/css/%2e/site.css",
                "/static/index.html%00.png",
                "/static/%c0%ae%c0%ae/secret.txt",
                "/static/..;/secret.txt",
            ]
            for target in attempts {
                let client = try RawClient(port: port)
                try await client.send("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try await client.readResponse()
                #expect(response.status == 404 || response.status == 400, "\(target) gave \(response.status)")
                #expect(!response.text.contains("TOP SECRET"), "\(target) leaked the file")
                #expect(!response.text.contains("SECRET=1"), "\(target) leaked .env")
                #expect(!response.text.contains("root:"), "\(target) leaked /etc/passwd")
            }
            // A raw backslash is not even a valid request target.
            let backslash = try RawClient(port: port)
            try await backslash.send("GET /static/..\\secret.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            let refused = try await backslash.readResponse()
            #expect(refused.status == 404 || refused.status == 400)
            #expect(!refused.text.contains("TOP SECRET"))

            let healthy = try RawClient(port: port)
            #expect(try await healthy.request("GET", "/static/css/site.css").text == fixture.css)
        }
    }

    @Test func smallFilesComeFromMemoryUntilTheyChange() async throws {
        let fixture = try Fixture()
        // Asked again on every request here; revalidationWaitsItsInterval covers the wait.
        let cache = StaticFileCache(maximumFileSize: 5_000, maximumTotalSize: 8_000, revalidationInterval: .zero)
        let files = StaticFiles(root: fixture.root, cache: cache)
        func get(_ path: String, _ method: HTTPMethod = .GET) async throws -> Response {
            try await files.respond(to: Request(method: method, uri: "/static/\(path)"), path: path)
        }
        func body(_ response: Response) -> [UInt8]? {
            guard case .bytes(let bytes) = response.body else { return nil }
            return Array(bytes.readableBytesView)
        }

        let first = try await get("css/site.css")
        #expect(body(first) == Array(fixture.css.utf8))
        #expect(cache.count == 1)
        #expect(body(try await get("css/site.css")) == Array(fixture.css.utf8))
        // A HEAD request reads nothing.
        #expect(try await get("img/logo.png", .HEAD).status == .ok)
        #expect(cache.count == 1)

        // Changed in place, same size: the new bytes and a new ETag.
        let url = URL(fileURLWithPath: fixture.root).appendingPathComponent("css/site.css")
        let changed = String(repeating: "body { color: #456; }\n", count: 200)
        #expect(changed.utf8.count == fixture.css.utf8.count)
        try Data(changed.utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: url.path)
        let second = try await get("css/site.css")
        #expect(body(second) == Array(changed.utf8))
        #expect(second.headers.first(name: "etag") != first.headers.first(name: "etag"))

        // Too big for the cache: streamed.
        guard case .file = try await get("big.css").body else {
            Issue.record("expected a streamed file body")
            return
        }
        // Past the total, the cache starts over: 4,400 + 3,008 bytes fit, 2,000 more do not.
        #expect(body(try await get("img/logo.png")) == fixture.png)
        #expect(cache.count == 2)
        try Data(repeating: 7, count: 2_000).write(to: URL(fileURLWithPath: fixture.root).appendingPathComponent("more.bin"))
        #expect(body(try await get("more.bin")) == Array(repeating: 7, count: 2_000))
        #expect(cache.count == 1)
        // Grown past the size limit: streamed, and no longer kept.
        try Data(repeating: 8, count: 6_000).write(to: URL(fileURLWithPath: fixture.root).appendingPathComponent("more.bin"))
        guard case .file = try await get("more.bin").body else {
            Issue.record("expected a streamed file body")
            return
        }
        #expect(cache.count == 0)
    }

    @Test func revalidationWaitsItsInterval() async throws {
        let fixture = try Fixture()
        // Long enough that the second request surely comes within it, however busy the
        // machine; the end of the interval is checked at given times instead of slept out.
        let interval = TimeAmount.seconds(30)
        let cache = StaticFileCache(revalidationInterval: interval)
        let files = StaticFiles(root: fixture.root, cache: cache)
        let url = URL(fileURLWithPath: fixture.root).appendingPathComponent("index.html")
        func get() async throws -> HTTPResponseStatus {
            do {
                return try await files.respond(to: Request(uri: "/static/index.html"), path: "index.html").status
            } catch let error as HTTPError {
                return error.status
            }
        }
        #expect(try await get() == .ok)
        let checked = NIODeadline.now()  // no earlier than the file was last looked at
        // Deleted: still answered from memory within the interval …
        try FileManager.default.removeItem(at: url)
        #expect(try await get() == .ok)
        // … and looked at again once it has passed.
        let key = url.resolvingSymlinksInPath().path
        #expect(cache.fresh(key, now: checked) != nil)
        #expect(cache.fresh(key, now: checked + interval) == nil)
    }

    @Test func filesAreStreamedOverTheWire() async throws {
        let fixture = try Fixture()
        try await withServer(fixture.router()) { port, _ in
            let client = try RawClient(port: port)
            let big = try await client.request("GET", "/static/big.bin")
            #expect(big.status == 200)
            #expect(big.header("content-type") == "application/octet-stream")
            #expect(big.header("content-length") == "3000000")
            #expect(big.body == fixture.big)

            let png = try await client.request("GET", "/static/img/logo.png", headers: [("Accept-Encoding", "gzip")])
            #expect(png.header("content-encoding") == nil)
            #expect(png.body == fixture.png)

            let head = try await client.request("HEAD", "/static/big.bin")
            #expect(head.status == 200)
            #expect(head.header("content-length") == "3000000")

            let etag = try #require(big.header("etag"))
            let notModified = try await client.request("GET", "/static/big.bin", headers: [("If-None-Match", etag)])
            #expect(notModified.status == 304)
            #expect(notModified.body.isEmpty)

            // A big text file is compressed while it streams (chunked, since the length
            // of the compressed body is not known up front).
            let css = try await client.request("GET", "/static/big.css", headers: [("Accept-Encoding", "gzip")])
            #expect(css.header("content-encoding") == "gzip")
            #expect(try gunzip(css.body) == Array(String(repeating: fixture.css, count: 100).utf8))

            #expect(try await client.request("GET", "/hello").text == "hello")
        }
    }
}
