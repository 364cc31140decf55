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
    /// SVG), fonts, video, audio and archives are already compressed.
    static func isCompressible(_ contentType: String) -> Bool {
        var type = contentType.utf8[...]
        if let semicolon = type.firstIndex(of: UInt8(ascii: ";")) {
            type = type[..<semicolon]
        }
        let text = Substring(type).lowercased()
        if text.hasPrefix("text/") { return true }
        switch text {
        case "application/json", "application/javascript", "application/xml", "application/xhtml+xml",
            "application/manifest+json", "application/ld+json", "image/svg+xml":
            return true
        default:
            return text.hasSuffix("+json") || text.hasSuffix("+xml")
        }
    }
}
