import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Small files' bytes in memory, each kept for as long as the file keeps its size and
/// modification time (to the nanosecond), so a static file is answered without opening and
/// reading it through the thread pool on every request.
///
/// A stylesheet was the most expensive response on the site (about 210 µs of server CPU,
/// twice a catalogue page): finding the file, then opening it, reading it in chunks and
/// closing it each took a trip to the thread pool. A kept file is looked at again (`stat`,
/// through the thread pool) at most once per ``revalidationInterval``: a changed or deleted
/// file shows within that time, and a changed file's `ETag` changes with it. Bounded: files
/// up to ``maximumFileSize``, at most ``maximumTotalSize`` in all (past it, the cache starts
/// over).
public final class StaticFileCache: Sendable {
    /// The largest file kept, in bytes.
    public let maximumFileSize: Int
    /// The most bytes kept in all.
    public let maximumTotalSize: Int
    /// How long a kept file is answered without looking at the file system again.
    public let revalidationInterval: TimeAmount

    private struct Entry {
        var file: StaticFiles.FileInfo
        var bytes: ByteBuffer
        var checkedAt: NIODeadline
    }

    private struct State {
        /// By the path asked for (under the root, before symlinks are resolved).
        var entries: [String: Entry] = [:]
        var totalSize = 0
    }

    private let state = NIOLockedValueBox(State())

    /// Creates an empty cache.
    /// - Parameters:
    ///   - maximumFileSize: The largest file kept (256 KiB by default).
    ///   - maximumTotalSize: The most bytes kept in all (4 MiB by default).
    ///   - revalidationInterval: How long a kept file is served before the file system is
    ///     asked again (1 s by default; `.zero` asks on every request).
    public init(
        maximumFileSize: Int = 256 * 1024, maximumTotalSize: Int = 4 * 1024 * 1024,
        revalidationInterval: TimeAmount = .seconds(1)
    ) {
        self.maximumFileSize = maximumFileSize
        self.maximumTotalSize = maximumTotalSize
        self.revalidationInterval = revalidationInterval
    }

    /// How many files are kept (for tests).
    var count: Int { self.state.withLockedValue { $0.entries.count } }

    /// The file at `path` and its bytes if they were checked within the revalidation
    /// interval before `now`; nil sends the caller to the file system.
    func fresh(_ path: String, now: NIODeadline) -> (file: StaticFiles.FileInfo, bytes: ByteBuffer)? {
        self.state.withLockedValue { state in
            guard let entry = state.entries[path], now - entry.checkedAt < self.revalidationInterval else { return nil }
            return (entry.file, entry.bytes)
        }
    }

    /// The bytes of `file`, just inspected at `path`: from memory when neither its size nor
    /// its modification time changed, else read now and kept. Nil for a file too large to
    /// keep or one that changed while being read (the caller streams it instead). Blocking
    /// on a miss: call it on the thread pool.
    func contents(of path: String, file: StaticFiles.FileInfo, now: NIODeadline) -> ByteBuffer? {
        guard file.size <= self.maximumFileSize else {
            self.forget(path)
            return nil
        }
        let kept = self.state.withLockedValue { state -> ByteBuffer? in
            guard var entry = state.entries[path], entry.file.isUnchanged(file) else { return nil }
            entry.checkedAt = now
            state.entries[path] = entry
            return entry.bytes
        }
        if let kept { return kept }
        // A length other than the one just inspected means the file changed meanwhile.
        guard let data = FileManager.default.contents(atPath: file.path), data.count == file.size else {
            self.forget(path)
            return nil
        }
        let bytes = ByteBuffer(bytes: data)
        self.state.withLockedValue { state in
            if let old = state.entries[path] { state.totalSize -= old.file.size }
            if state.totalSize + file.size > self.maximumTotalSize {
                state.entries.removeAll()
                state.totalSize = 0
            }
            state.entries[path] = Entry(file: file, bytes: bytes, checkedAt: now)
            state.totalSize += file.size
        }
        return bytes
    }

    /// Drops the entry for `path`, whose file grew past the limit or could not be read.
    private func forget(_ path: String) {
        self.state.withLockedValue { state in
            if let old = state.entries.removeValue(forKey: path) { state.totalSize -= old.file.size }
        }
    }
}
