public import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves files from a folder (the app's `Public/`) with content types, `ETag`,
/// `Last-Modified`, `Cache-Control` and 304s. Small files are answered from memory (see
/// ``StaticFileCache``); the server streams larger ones in chunks.
///
/// Mount it on a catch-all route:
///
/// ```swift
/// let files = StaticFiles(root: "Public")
/// router.get("/static/*path") { try await files.respond(to: $0, path: $0.parameters["path"] ?? "") }
/// ```
///
/// Paths that could leave the folder are refused with 404 in every spelling: `..` and `.`
/// segments (also when sent as `%2e%2e` or inside a `%2f`), backslashes, absolute paths, NUL
/// bytes, dot-files, and symlinks whose target lies outside the root.
public struct StaticFiles: Sendable {
    /// The root folder as given.
    public let root: String
    /// The `Cache-Control` value of every file response.
    public let cacheControl: String
    /// The root with symlinks resolved, or `nil` if it does not exist.
    private let resolvedRoot: String?
    private let threadPool: NIOThreadPool
    private let cache: StaticFileCache?

    /// Creates a file server.
    /// - Parameters:
    ///   - root: The folder to serve.
    ///   - cacheControl: The `Cache-Control` header for files.
    ///   - threadPool: The pool blocking file-system calls run on.
    ///   - cache: Where small files' bytes are kept; nil streams every file from disk.
    public init(
        root: String, cacheControl: String = "public, max-age=3600", threadPool: NIOThreadPool = .singleton,
        cache: StaticFileCache? = StaticFileCache()
    ) {
        self.root = root
        self.cacheControl = cacheControl
        self.threadPool = threadPool
        self.cache = cache
        self.resolvedRoot = Self.realPath(root)
    }

    /// Answers `request` with the file at `path` (relative to the root, percent-decoded, as a
    /// catch-all parameter gives it).
    ///
    /// - Throws: ``HTTPError`` 404 for a missing file, a folder or a refused path; 405 for a
    ///   method other than `GET` or `HEAD`.
    public func respond(to request: Request, path: String) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD else {
            throw HTTPError(.methodNotAllowed, headers: ["allow": "GET, HEAD"])
        }
        guard let resolvedRoot, let relative = Self.safeRelativePath(path) else {
            throw HTTPError(.notFound)
        }
        let candidate = resolvedRoot + "/" + relative
        let cache = request.method == .GET ? self.cache : nil
        let now = NIODeadline.now()
        let file: FileInfo
        let contents: ByteBuffer?
        if let fresh = cache?.fresh(candidate, now: now) {
            (file, contents) = (fresh.file, fresh.bytes)
        } else {
            guard let found = try await self.threadPool.runIfActive({ () -> (FileInfo, ByteBuffer?)? in
                guard let file = Self.inspect(candidate, under: resolvedRoot) else { return nil }
                // Kept as checked when it was, not when the request came: the pool may have
                // been busy meanwhile.
                return (file, cache?.contents(of: candidate, file: file, now: NIODeadline.now()))
            }) else {
                throw HTTPError(.notFound)
            }
            (file, contents) = found
        }

        let etag = "\"\(String(file.size, radix: 16))-\(String(file.modified, radix: 16))\""
        var headers: HTTPHeaders = [
            "etag": etag,
            "last-modified": HTTPDate.format(epochSeconds: file.modified),
            "cache-control": self.cacheControl,
        ]
        if Self.isNotModified(request.headers, etag: etag, modified: file.modified) {
            return Response(status: .notModified, headers: headers)
        }
        headers.add(name: "content-type", value: MediaType.forFile(named: relative[...]))
        return Response(status: .ok, headers: headers, body: contents.map(Response.Body.bytes) ?? .file(path: file.path, size: file.size))
    }

    /// The path made relative and checked segment by segment, or `nil` if it is refused.
    static func safeRelativePath(_ path: String) -> String? {
        if path.isEmpty || path.hasPrefix("/") || path.utf8.contains(0) || path.contains("\\") {
            return nil
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.isEmpty else { return nil }
        for segment in segments where segment.hasPrefix(".") {
            // Covers "." and ".." and also dot-files such as .env or .git.
            return nil
        }
        return segments.joined(separator: "/")
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
    static func isNotModified(_ headers: HTTPHeaders, etag: String, modified: Int) -> Bool {
        let noneMatch = headers[canonicalForm: "if-none-match"]
        if !noneMatch.isEmpty {
            let opaque = etag.hasPrefix("W/") ? etag.dropFirst(2) : etag[...]
            return noneMatch.contains { candidate in
                let trimmed = candidate.hasPrefix("W/") ? candidate.dropFirst(2) : candidate
                return trimmed == "*" || trimmed == opaque
            }
        }
        if let since = headers.first(name: "if-modified-since"), let sinceSeconds = HTTPDate.parse(since) {
            return modified <= sinceSeconds
        }
        return false
    }

    struct FileInfo: Sendable {
        /// The real path, symlinks resolved.
        var path: String
        var status: stat

        var size: Int { Int(status.st_size) }

        /// The modification time to the nanosecond.
        var modificationTime: timespec {
            #if canImport(Darwin)
            status.st_mtimespec
            #else
            status.st_mtim
            #endif
        }

        /// The modification time in whole seconds, as `Last-Modified` and the `ETag` give it.
        var modified: Int { Int(modificationTime.tv_sec) }

        /// Whether `other` is this same file unchanged: same path, size and modification time.
        func isUnchanged(_ other: FileInfo) -> Bool {
            path == other.path && size == other.size
                && modificationTime.tv_sec == other.modificationTime.tv_sec
                && modificationTime.tv_nsec == other.modificationTime.tv_nsec
        }
    }

    /// Resolves symlinks and checks the real path is a regular file inside the root. Blocking;
    /// runs on the thread pool.
    static func inspect(_ path: String, under root: String) -> FileInfo? {
        guard let real = realPath(path), real.hasPrefix(root + "/") else { return nil }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileInfo(path: real, status: info)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
