import MultipartKit

/// A file uploaded in a `multipart/form-data` body.
public struct UploadedFile: Sendable {
    /// The form field's name.
    public var name: String
    /// The file name the browser sent (only its last path component, never trusted as a path).
    public var filename: String
    /// The part's `Content-Type`, `application/octet-stream` if absent.
    public var contentType: String
    /// The file's bytes.
    public var data: ByteBuffer
}

/// The decoded fields and files of a `multipart/form-data` body.
public struct MultipartForm: Sendable {
    /// The text fields, in order; repeated names are kept.
    public var fields: Parameters
    /// The uploaded files, in order.
    public var files: [UploadedFile]

    /// The first file uploaded under the field `name`.
    public func file(_ name: String) -> UploadedFile? {
        self.files.first { $0.name == name }
    }

    /// Most parts a form may have. Ours have a handful; without a limit a body of tiny parts
    /// (600,000 in 6 MB) cost 85 MB and most of a second to collect, before any check of who
    /// sent it.
    public static let maximumParts = 100
    /// Most header lines one part may have (browsers send two or three).
    public static let maximumHeadersPerPart = 16

    /// Parses a `multipart/form-data` body with MultipartKit's parser.
    ///
    /// A part with a `filename` parameter is a file (even with an empty body, as browsers
    /// send for an empty file input); any other part is a text field.
    /// - Throws: ``HTTPError`` 400 when the body is not well-formed multipart, or has more
    ///   than ``maximumParts`` parts or a part more than ``maximumHeadersPerPart`` headers.
    static func parse(_ body: ByteBuffer, boundary: String) throws -> MultipartForm {
        let collector = PartCollector(maximumParts: maximumParts, maximumHeaders: maximumHeadersPerPart)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name: name, value: value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.partComplete() }
        do {
            // Fed in slices (the parser keeps its state between them), so reading stops soon
            // after a limit is passed instead of running through the rest of the body.
            var rest = body
            while !collector.overflowed, let slice = rest.readSlice(length: min(rest.readableBytes, 64 << 10)), slice.readableBytes > 0 {
                try parser.execute(slice)
            }
        } catch {
            throw HTTPError(.badRequest, message: "Malformed multipart body.")
        }
        if collector.overflowed {
            throw HTTPError(.badRequest, message: "A form has at most \(maximumParts) parts, each with at most \(maximumHeadersPerPart) headers.")
        }
        // The parser stops quietly on a truncated body; a part still open, or a body in
        // which no boundary ever appeared, is malformed.
        if collector.isInPart || (collector.parts.isEmpty && body.readableBytes > 0
            && body.readableBytesView.firstRange(of: Array("--\(boundary)".utf8)) == nil)
        {
            throw HTTPError(.badRequest, message: "Malformed multipart body.")
        }

        var form = MultipartForm(fields: Parameters(), files: [])
        for part in collector.parts {
            guard let disposition = part.headers.first(name: "content-disposition") else {
                throw HTTPError(.badRequest, message: "Multipart part without Content-Disposition.")
            }
            let parsed = HeaderValue(parsing: disposition)
            guard parsed.value == "form-data", let name = parsed.parameters["name"] else {
                throw HTTPError(.badRequest, message: "Multipart part without a field name.")
            }
            if let filename = parsed.parameters["filename"] {
                form.files.append(
                    UploadedFile(
                        name: name,
                        filename: lastPathComponent(filename),
                        contentType: part.headers.first(name: "content-type") ?? "application/octet-stream",
                        data: part.body
                    )
                )
            } else {
                form.fields.append(name, String(buffer: part.body))
            }
        }
        return form
    }

    /// Old browsers (and some tools) send a full client path as the file name.
    private static func lastPathComponent(_ filename: String) -> String {
        let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last
        return last.map(String.init) ?? ""
    }
}

/// Collects the parser's callbacks into parts. Used only synchronously inside `parse`.
///
/// Past its limits it keeps nothing more and marks itself ``overflowed``: the parser's
/// callbacks cannot stop it, but what it reads is no longer kept.
private final class PartCollector {
    struct Part {
        var headers = HTTPHeaders()
        var body = ByteBuffer()
    }

    let maximumParts: Int
    let maximumHeaders: Int
    var parts: [Part] = []
    var current = Part()
    var isInPart = false
    private(set) var overflowed = false
    private var headerCount = 0

    init(maximumParts: Int, maximumHeaders: Int) {
        self.maximumParts = maximumParts
        self.maximumHeaders = maximumHeaders
    }

    func header(name: String, value: String) {
        self.isInPart = true
        guard !self.overflowed else { return }
        self.headerCount += 1
        guard self.headerCount <= self.maximumHeaders else { return self.overflow() }
        self.current.headers.add(name: name, value: value)
    }

    func body(_ buffer: inout ByteBuffer) {
        self.isInPart = true
        guard !self.overflowed else { return }
        self.current.body.writeBuffer(&buffer)
    }

    func partComplete() {
        self.isInPart = false
        self.headerCount = 0
        guard !self.overflowed else { return }
        guard self.parts.count < self.maximumParts else { return self.overflow() }
        self.parts.append(self.current)
        self.current = Part()
    }

    private func overflow() {
        self.overflowed = true
        self.parts = []
        self.current = Part()
    }
}
