import Cinema
import Dispatch
import HTTPCore

extension Request {
    /// Where ``CSRFMiddleware`` leaves a multipart body it parsed, for the handler.
    enum ParsedMultipart: RequestStorageKey {
        typealias Value = MultipartForm
    }

    /// Whether the body is `multipart/form-data` (a form with a file input).
    var hasMultipartBody: Bool {
        headers.first(name: "content-type")?.lowercased().hasPrefix("multipart/form-data") ?? false
    }

    /// The fields and files of a `multipart/form-data` body, parsed once per request and off
    /// the event loop: MultipartKit walks the body byte by byte, and a poster of a few
    /// megabytes would otherwise hold the loop, and every connection on it, for that long.
    /// - Throws: as ``Request/multipart()``: 415 for another content type, 400 when malformed.
    func multipartForm() async throws -> MultipartForm {
        if let parsed = self[ParsedMultipart.self] { return parsed }
        let request = self
        return try await DispatchQueue.global(qos: .userInitiated).result { try request.multipart() }
    }
}
