import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small files' bytes in memory, each kept for as long as the file keeps its size and
/// modification time (to the nanosecond), so a static file is answered from memory instead
/// of being opened and read through the thread pool on every request.
///
/// A stylesheet was the most expensive response on the site (about 210 µs of server CPU,
/// twice a catalogue page): opening, reading in chunks and closing the file each took a trip
/// to the thread pool. ``StaticFiles`` still checks the file with `stat` on every request,
/// so a changed file is read anew and its `ETag` changes with it. Bounded: files up to
/// ``maximumFileSize``, at most ``maximumTotalSize`` in all (past it, the cache starts over).
public final class StaticFileCache: Sendable {
    /// The largest file kept, in bytes.
    public let maximumFileSize: Int
    /// The most bytes kept in all.
    public let maximumTotalSize: Int

    private struct Entry {
        var size: Int
        var modified: timespec
        var bytes: ByteBuffer
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var totalSize = 0
    }

    private let state = NIOLockedValueBox(State())

    /// Creates an empty cache.
    /// - Parameters:
    ///   - maximumFileSize: The largest file kept (256 KiB by default).
    ///   - maximumTotalSize: The most bytes kept in all (4 MiB by default).
    public init(maximumFileSize: Int = 256 * 1024, maximumTotalSize: Int = 4 * 1024 * 1024) {
        self.maximumFileSize = maximumFileSize
        self.maximumTotalSize = maximumTotalSize
    }

    /// How many files are kept (for tests).
    var count: Int { self.state.withLockedValue { $0.entries.count } }

    /// The bytes of the regular file at `path`, whose `stat` is `info`: from memory when
    /// neither its size nor its modification time changed, else read now and kept. Nil for
    /// a file too large to keep or one that changed while being read (the caller streams it
    /// instead). Blocking on a miss: call it on the thread pool.
    func contents(of path: String, info: stat) -> ByteBuffer? {
        let size = Int(info.st_size)
        guard size <= self.maximumFileSize else { return nil }
        let modified = Self.modificationTime(info)
        if let entry = self.state.withLockedValue({ $0.entries[path] }),
           entry.size == size, entry.modified.tv_sec == modified.tv_sec, entry.modified.tv_nsec == modified.tv_nsec {
            return entry.bytes
        }
        guard let bytes = Self.readFile(path, size: size) else { return nil }
        let entry = Entry(size: size, modified: modified, bytes: bytes)
        self.state.withLockedValue { state in
            if let old = state.entries[path] { state.totalSize -= old.size }
            if state.totalSize + size > self.maximumTotalSize {
                state.entries.removeAll()
                state.totalSize = 0
            }
            state.entries[path] = entry
            state.totalSize += size
        }
        return bytes
    }

    static func modificationTime(_ info: stat) -> timespec {
        #if canImport(Darwin)
        info.st_mtimespec
        #else
        info.st_mtim
        #endif
    }

    /// Exactly `size` bytes of the file, or nil when it cannot be opened or its length is
    /// no longer `size`.
    private static func readFile(_ path: String, size: Int) -> ByteBuffer? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        // One byte more than expected was asked for: reading it means the file grew.
        guard filled == size else { return nil }
        bytes.removeLast()
        return ByteBuffer(bytes: bytes)
    }
}
