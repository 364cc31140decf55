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

    /// Parses a `multipart/form-data` body with MultipartKit's parser.
    ///
    /// A part with a `filename` parameter is a file (even with an empty body, as browsers
    /// send for an empty file input); any other part is a text field.
    /// - Throws: ``HTTPError`` 400 when the body is not well-formed multipart.
    static func parse(_ body: ByteBuffer, boundary: String) throws -> MultipartForm {
        let collector = PartCollector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name: name, value: value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.partComplete() }
        do {
            try parser.execute(body)
        } catch {
            throw HTTPError(.badRequest, message: "Malformed multipart body.")
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
private final class PartCollector {
    struct Part {
        var headers = HTTPHeaders()
        var body = ByteBuffer()
    }

    var parts: [Part] = []
    var current = Part()
    var isInPart = false

    func header(name: String, value: String) {
        self.isInPart = true
        self.current.headers.add(name: name, value: value)
    }

    func body(_ buffer: inout ByteBuffer) {
        self.isInPart = true
        self.current.body.writeBuffer(&buffer)
    }

    func partComplete() {
        self.parts.append(self.current)
        self.current = Part()
        self.isInPart = false
    }
}
