/// Content types by file extension, and which types are worth compressing.
enum MediaType {
    private static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json",
        "map": "application/json",
        "webmanifest": "application/manifest+json",
        "txt": "text/plain; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "xml": "application/xml",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "ttf": "font/ttf",
        "otf": "font/otf",
        "pdf": "application/pdf",
        "wasm": "application/wasm",
        "mp4": "video/mp4",
        "webm": "video/webm",
        "mp3": "audio/mpeg",
        "ogg": "audio/ogg",
        "zip": "application/zip",
        "gz": "application/gzip",
    ]

    /// The content type for a file name, `application/octet-stream` when unknown.
    static func forFile(named name: Substring) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            return "application/octet-stream"
        }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        return self.byExtension[fileExtension] ?? "application/octet-stream"
    }

    /// Whether a response of this content type is text that compresses well. Images (but
    /// SVG), fonts, video, audio and archives are already compressed. Runs for every large
    /// response, so it compares bytes without building strings.
    static func isCompressible(_ contentType: String) -> Bool {
        var contentType = contentType
        // Over the contiguous UTF-8 bytes: index-by-index `UTF8View` walks cost several
        // times as much.
        return contentType.withUTF8 { all in
            var end = all.firstIndex(of: UInt8(ascii: ";")) ?? all.count
            while end > 0, all[end - 1] == UInt8(ascii: " ") { end -= 1 }
            let type = UnsafeBufferPointer(rebasing: all[..<end])
            if hasPrefix(type, "text/") { return true }
            for exact in compressibleTypes where type.count == exact.utf8CodeUnitCount && hasPrefix(type, exact) {
                return true
            }
            return hasSuffix(type, "+json") || hasSuffix(type, "+xml")
        }
    }

    private static let compressibleTypes: [StaticString] = [
        "application/json", "application/javascript", "application/xml", "application/xhtml+xml",
        "image/svg+xml",
    ]

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Whether `bytes` from `offset` on start with the lowercase `text`, in any case.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { expected in
            guard offset >= 0, bytes.count - offset >= expected.count else { return false }
            for index in 0..<expected.count where lowercased(bytes[offset + index]) != expected[index] {
                return false
            }
            return true
        }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        matches(bytes, at: 0, text)
    }

    private static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        matches(bytes, at: bytes.count - text.utf8CodeUnitCount, text)
    }
}
