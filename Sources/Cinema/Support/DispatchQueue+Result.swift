public import Foundation

extension DispatchQueue {
    /// Runs `work` on this queue and hands its result (or error) back to the awaiting caller:
    /// for blocking work (hashing, file writes, parsing a large upload) that must not hold an
    /// event loop, where request handlers run, or one of Swift's few cooperative threads.
    /// Public for the web layer's own such work (parsing a multipart upload).
    public func result<T: Sendable>(of work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
