extension Request {
    /// The form fields of the body: `application/x-www-form-urlencoded`, or the text fields
    /// of `multipart/form-data`.
    ///
    /// - Throws: ``HTTPError`` 415 for any other content type, 400 for a malformed multipart body.
    public func form() throws -> Parameters {
        if let decoded = self[DecodedForm.self] { return decoded }
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

extension Request {
    /// A form already decoded by ``decodeForm()``.
    enum DecodedForm: RequestStorageKey {
        typealias Value = Parameters
    }

    /// Decodes the form (as ``form()`` does) and keeps it with the request, so that a
    /// handler further down reads it without decoding the body again: for a middleware
    /// that looks at one field, such as a CSRF check.
    public mutating func decodeForm() throws -> Parameters {
        let form = try self.form()
        self[DecodedForm.self] = form
        return form
    }
}

