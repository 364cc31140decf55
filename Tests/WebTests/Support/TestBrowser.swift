import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP response as a test sees it.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func headers(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    /// The CSRF token embedded in the page's first form.
    var csrfToken: String? {
        guard let range = body.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = body[range]
        let start = match.range(of: #"value=""#)!.upperBound
        return String(match[start...].dropLast())
    }
}

/// A tiny browser over a real loopback socket: a cookie jar, GET and form POST, no
/// automatic redirects (tests look at the 303s), one connection per request.
final class TestBrowser: @unchecked Sendable {
    let port: Int
    private let lock = NSLock()
    private var jar: [String: String] = [:]

    init(port: Int) {
        self.port = port
    }

    var cookies: [String: String] {
        lock.withLock { jar }
    }

    func setCookie(_ name: String, _ value: String?) {
        lock.withLock { jar[name] = value }
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await send(method: .GET, path: path, headers: headers, body: nil)
    }

    func post(_ path: String, form: [(String, String)], headers: [(String, String)] = []) async throws -> TestResponse {
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(
            method: .POST,
            path: path,
            headers: headers + [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(body.utf8)
        )
    }

    /// Loads `page`, takes its CSRF token and posts the form with it.
    func submit(_ page: String, to action: String, form: [(String, String)]) async throws -> TestResponse {
        let loaded = try await get(page)
        guard let token = loaded.csrfToken else { throw TestError("no CSRF token on \(page) (status \(loaded.status))") }
        return try await post(action, form: form + [("_csrf", token)])
    }

    func send(method: HTTPMethod, path: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> TestResponse {
        do {
            return try await exchange(method: method, path: path, headers: extra, body: body)
        } catch let error as TestError {
            throw error
        } catch {
            throw TestError("\(method) \(path): \(error)")
        }
    }

    private func exchange(method: HTTPMethod, path: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> TestResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1:\(port)")
        headers.add(name: "Connection", value: "close")
        let cookieHeader = lock.withLock { jar.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if !cookieHeader.isEmpty { headers.add(name: "Cookie", value: cookieHeader) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        if let body { headers.add(name: "Content-Length", value: String(body.count)) }

        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        let response: TestResponse = try await channel.executeThenClose { inbound, outbound in
            // One write for the whole request: a server may answer a bodiless request and close
            // the connection before a separate `.end` write would reach the channel.
            var parts: [HTTPClientRequestPart] = [.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers))]
            if let body { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            parts.append(.end(nil))
            try await outbound.write(contentsOf: parts)
            var status = 0
            var responseHeaders: [(String, String)] = []
            var bytes: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let head):
                    status = Int(head.status.code)
                    responseHeaders = head.headers.map { ($0.name, $0.value) }
                case .body(let buffer):
                    bytes += buffer.readableBytesView
                case .end:
                    return TestResponse(status: status, headers: responseHeaders, body: String(decoding: bytes, as: UTF8.self))
                }
            }
            throw TestError("connection closed before the response ended")
        }
        lock.withLock {
            for line in response.headers("set-cookie") {
                let pair = line.split(separator: ";", maxSplits: 1)[0]
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
                let value = String(pair[pair.index(after: equals)...])
                let expired = line.lowercased().contains("max-age=0") || value.isEmpty
                jar[name] = expired ? nil : value
            }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
    }
}

struct TestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestBrowser {
    /// Posts `multipart/form-data` as a browser does for a form with a file input.
    /// - Parameters:
    ///   - fields: text fields, in order.
    ///   - files: (field name, file name, content type, bytes).
    func postMultipart(
        _ path: String, fields: [(String, String)], files: [(name: String, filename: String, contentType: String, data: [UInt8])]
    ) async throws -> TestResponse {
        let boundary = "----MarqueeTestBoundary\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.contentType)\r\n\r\n".utf8)
            body += file.data
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await send(method: .POST, path: path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }

    /// Follows a 303 and returns the page it leads to (with its flash message).
    func follow(_ response: TestResponse) async throws -> TestResponse {
        guard response.status == 303, let location = response.header("Location") else {
            throw TestError("expected a 303, got \(response.status)")
        }
        return try await get(location)
    }

    /// The CSRF token of `page`, for posting to routes whose page is elsewhere.
    func csrfToken(from page: String) async throws -> String {
        guard let token = try await get(page).csrfToken else { throw TestError("no CSRF token on \(page)") }
        return token
    }
}
