import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 client on a plain POSIX socket, so tests control every byte on the wire
/// (pipelining, malformed requests, trickled heads) and see every byte back.
///
/// The socket calls block, so the async API runs them on the client's own dispatch queue:
/// blocking Swift's small cooperative pool (two threads here) would stall every other test.
/// `@unchecked Sendable`: each client is used by one test, one call at a time.
final class RawClient: @unchecked Sendable {
    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }

    /// One parsed response.
    struct Response {
        var status: Int
        var reason: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        func headers(_ name: String) -> [String] {
            self.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
        }

        var text: String { String(decoding: self.body, as: UTF8.self) }
    }

    private let fd: Int32
    private let queue = DispatchQueue(label: "RawClient")
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds.
    ///
    /// The timeout only keeps a broken server from hanging the suite: no test waits for it to
    /// pass. It is long because `swift test` runs suites in parallel, and on two cores a
    /// response can then take seconds.
    init(port: Int, timeout: Double = 30) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError(description: "connect() failed: errno \(errno)")
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd
    }

    deinit {
        close(self.fd)
    }

    /// Sends bytes exactly as given.
    func sendBlocking(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw ClientError(description: "send() failed: errno \(errno)") }
            offset += written
        }
    }

    /// Sends a string's UTF-8 bytes exactly as given.
    func sendBlocking(_ text: String) throws {
        try self.sendBlocking(Array(text.utf8))
    }

    /// Sends a simple request with `Content-Length` when there is a body.
    func requestBlocking(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try self.sendBlocking(Array(head.utf8) + body)
        return try self.readResponseBlocking(isHead: method == "HEAD")
    }

    /// Reads one response: head, then a body by `Content-Length`, chunked, or until close.
    func readResponseBlocking(isHead: Bool = false) throws -> Response {
        let headEnd = try self.fill(until: { buffer in Self.find([13, 10, 13, 10], in: buffer) })
        let headText = String(decoding: self.buffer[..<headEnd], as: UTF8.self)
        self.buffer.removeFirst(headEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ClientError(description: "bad status line in \(headText)")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        var response = Response(status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers, body: [])
        if isHead || status == 304 || status == 204 || status / 100 == 1 {
            return response
        }
        if let length = response.header("content-length").flatMap(Int.init) {
            _ = try self.fill(until: { $0.count >= length ? length : nil })
            response.body = Array(self.buffer[..<length])
            self.buffer.removeFirst(length)
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let lineEnd = try self.fill(until: { Self.find([13, 10], in: $0) })
                let sizeText = String(decoding: self.buffer[..<lineEnd], as: UTF8.self)
                guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else {
                    throw ClientError(description: "bad chunk size \(sizeText)")
                }
                self.buffer.removeFirst(lineEnd + 2)
                _ = try self.fill(until: { $0.count >= size + 2 ? size : nil })
                response.body.append(contentsOf: self.buffer[0..<size])
                self.buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            response.body = try self.readUntilClosedBlocking()
        }
        return response
    }

    /// Reads everything until the server closes (or the read timeout passes).
    func readUntilClosedBlocking() throws -> [UInt8] {
        while try self.readMore() {}
        defer { self.buffer = [] }
        return self.buffer
    }

    /// Whether the server closed the connection (read returns EOF or reset) within the
    /// read timeout, discarding anything it still sent.
    func waitForCloseBlocking() -> Bool {
        do {
            while try self.readMore() {}
            return true
        } catch let error as ClientError {
            return error.description.hasPrefix("reset")
        } catch {
            return false
        }
    }

    /// Reads once into the buffer; `false` at EOF.
    private func readMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            self.buffer += chunk[..<count]
            return true
        }
        if count == 0 { return false }
        if errno == ECONNRESET { throw ClientError(description: "reset by peer") }
        throw ClientError(description: "timed out waiting for the server (errno \(errno))")
    }

    private func fill(until found: ([UInt8]) -> Int?) throws -> Int {
        while true {
            if let index = found(self.buffer) { return index }
            guard try self.readMore() else {
                throw ClientError(description: "connection closed early; have \(self.buffer.count) bytes")
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

extension RawClient {
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Sends bytes exactly as given.
    func send(_ bytes: [UInt8]) async throws {
        try await self.onQueue { try self.sendBlocking(bytes) }
    }

    /// Sends a string's UTF-8 bytes exactly as given.
    func send(_ text: String) async throws {
        try await self.onQueue { try self.sendBlocking(text) }
    }

    /// Sends a simple request (with `Content-Length` when there is a body) and reads the answer.
    func request(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> Response {
        return try await self.onQueue { try self.requestBlocking(method, target, headers: headers, body: body) }
    }

    /// Reads one response.
    func readResponse(isHead: Bool = false) async throws -> Response {
        try await self.onQueue { try self.readResponseBlocking(isHead: isHead) }
    }

    /// Whether the server closes the connection within the read timeout.
    func waitForClose() async -> Bool {
        (try? await self.onQueue { self.waitForCloseBlocking() }) ?? false
    }
}

extension RawClient.Response: @unchecked Sendable {}
