extension Request {
    /// The form fields of the body: `application/x-www-form-urlencoded`, or the text fields
    /// of `multipart/form-data`.
    ///
    /// - Throws: ``HTTPError`` 415 for any other content type, 400 for a malformed multipart body.
    public func form() throws -> Parameters {
        let contentType = self.contentType
        switch contentType?.value {
        case "application/x-www-form-urlencoded":
            return URLEncodedForm.decode(String(buffer: self.body))
        case "multipart/form-data":
            return try self.multipart().fields
        default:
            throw HTTPError(.unsupportedMediaType, message: "Expected a form.")
        }
    }

    /// The fields and files of a `multipart/form-data` body.
    ///
    /// - Throws: ``HTTPError`` 415 for another content type, 400 for a malformed body or a
    ///   missing boundary.
    public func multipart() throws -> MultipartForm {
        guard let contentType = self.contentType, contentType.value == "multipart/form-data" else {
            throw HTTPError(.unsupportedMediaType, message: "Expected multipart/form-data.")
        }
        guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw HTTPError(.badRequest, message: "Missing multipart boundary.")
        }
        return try MultipartForm.parse(self.body, boundary: boundary)
    }

    private var contentType: HeaderValue? {
        self.headers.first(name: "content-type").map(HeaderValue.init(parsing:))
    }
}
