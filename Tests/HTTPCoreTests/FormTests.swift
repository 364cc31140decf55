@testable import HTTPCore
import Testing

/// Query strings, url-encoded and multipart forms, cookies.
struct FormTests {
    /// Content types with and without parameters: the value lowercased and trimmed, the
    /// parameters' names lowercased and their values unquoted.
    @Test func headerValuesWithAndWithoutParameters() {
        let plain = HeaderValue(parsing: " Application/X-WWW-Form-URLEncoded\t")
        #expect(plain.value == "application/x-www-form-urlencoded")
        #expect(plain.parameters.isEmpty)
        let multipart = HeaderValue(parsing: #"multipart/form-data; Boundary="a \"b\"";charset=UTF-8"#)
        #expect(multipart.value == "multipart/form-data")
        #expect(multipart.parameters == ["boundary": #"a "b""#, "charset": "UTF-8"])
        #expect(HeaderValue(parsing: "").value == "")
        #expect(HeaderValue(parsing: "text/plain;").value == "text/plain")
    }

    @Test func urlEncodedDecodingKeepsRepeatedKeysInOrder() {
        let form = URLEncodedForm.decode("seat=A1&seat=A2&name=Ada+Lovelace&seat=B3")
        #expect(form.all("seat") == ["A1", "A2", "B3"])
        #expect(form["seat"] == "A1")
        #expect(form["name"] == "Ada Lovelace")
        #expect(form.count == 4)
        #expect(Array(form.map(\.name)) == ["seat", "seat", "name", "seat"])
    }

    @Test func urlEncodedDecodingHandlesEscapesPlusAndUTF8() {
        let form = URLEncodedForm.decode("q=caf%C3%A9+cr%C3%A8me&plus=1%2B1&amp=a%26b&eq=x%3Dy&emoji=%F0%9F%8E%AC&raw=%E2%82%AC")
        #expect(form["q"] == "café crème")
        #expect(form["plus"] == "1+1")
        #expect(form["amp"] == "a&b")
        #expect(form["eq"] == "x=y")
        #expect(form["emoji"] == "🎬")
        #expect(form["raw"] == "€")
    }

    @Test func urlEncodedDecodingIsLenientLikeBrowsers() {
        let form = URLEncodedForm.decode("a=%zz&b&&c=&%C3%A9t%C3%A9=summer&d=1=2")
        #expect(form["a"] == "%zz")
        #expect(form["b"] == "")
        #expect(form["c"] == "")
        #expect(form["été"] == "summer")
        #expect(form["d"] == "1=2")
        #expect(form.count == 5)
    }

    @Test func requestSplitsPathAndQuery() {
        let request = Request(uri: "/showtimes/2025%2D01%2D31?hall=1&hall=3&movie=The+Matrix&empty")
        #expect(request.path == "/showtimes/2025%2D01%2D31")
        #expect(request.segments == ["showtimes", "2025-01-31"])
        #expect(request.query.all("hall") == ["1", "3"])
        #expect(request.query["movie"] == "The Matrix")
        #expect(request.query["empty"] == "")
        #expect(Request(uri: "/").segments.isEmpty)
    }

    @Test func cookiesAreParsed() {
        let request = Request(uri: "/", headers: HTTPHeaders([("Cookie", "session=abc.def; theme=\"dark\"; session=older"), ("cookie", "lang=fr")]))
        #expect(request.cookies["session"] == "abc.def")
        #expect(request.cookies["theme"] == "dark")
        #expect(request.cookies["lang"] == "fr")
        #expect(request.cookies.count == 3)

        let odd = Request(uri: "/", headers: HTTPHeaders([("Cookie", " ;a = 1 ;\tb=\t\"x y\" ; noequals; =nameless; c=\"; d=; e=é=2;")]))
        #expect(odd.cookies == ["a": "1", "b": "x y", "c": "\"", "d": "", "e": "é=2"])
    }

    @Test func urlEncodedFormBody() throws {
        let request = Request(
            method: .POST,
            uri: "/book",
            headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")]),
            body: ByteBuffer(string: "seat=A1&seat=A2&note=%C3%A0+bient%C3%B4t")
        )
        let form = try request.form()
        #expect(form.all("seat") == ["A1", "A2"])
        #expect(form["note"] == "à bientôt")
    }

    @Test func aFormDecodedOnceIsReadAgainWithoutDecoding() throws {
        var request = Request(
            method: .POST,
            uri: "/book",
            headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")]),
            body: ByteBuffer(string: "_csrf=token&seat=A1")
        )
        #expect(try request.decodeForm()["_csrf"] == "token")
        // The kept decoding answers, not the body (replaced here to tell the two apart).
        request.body = ByteBuffer(string: "seat=B9")
        #expect(try request.form().all("seat") == ["A1"])
    }

    @Test func formWithWrongContentTypeIs415() {
        let request = Request(method: .POST, uri: "/", headers: HTTPHeaders([("Content-Type", "application/json")]), body: ByteBuffer(string: "{}"))
        #expect(throws: HTTPError.self) { try request.form() }
        do {
            _ = try request.form()
        } catch let error as HTTPError {
            #expect(error.status == .unsupportedMediaType)
        } catch {
            Issue.record("unexpected \(error)")
        }
        let noType = Request(method: .POST, uri: "/", body: ByteBuffer(string: "a=1"))
        #expect((try? noType.form()) == nil)
    }

    static let multipartBody = [
        "--XyZ",
        "Content-Disposition: form-data; name=\"title\"",
        "",
        "Blade Runner",
        "--XyZ",
        "Content-Disposition: form-data; name=\"genre\"",
        "",
        "sci-fi",
        "--XyZ",
        "Content-Disposition: form-data; name=\"genre\"",
        "",
        "noir",
        "--XyZ",
        "Content-Disposition: form-data; name=\"poster\"; filename=\"C:\\\\Users\\\\me\\\\poster; final.png\"",
        "Content-Type: image/png",
        "",
        "\u{89}PNG\r\n\u{1A}\nbinary",
        "--XyZ",
        "Content-Disposition: form-data; name=\"empty\"; filename=\"\"",
        "Content-Type: application/octet-stream",
        "",
        "",
        "--XyZ--",
        "",
    ].joined(separator: "\r\n")

    @Test func multipartFieldsAndFiles() throws {
        let request = Request(
            method: .POST,
            uri: "/upload",
            headers: HTTPHeaders([("Content-Type", "multipart/form-data; boundary=XyZ")]),
            body: ByteBuffer(string: Self.multipartBody)
        )
        let form = try request.multipart()
        #expect(form.fields["title"] == "Blade Runner")
        #expect(form.fields.all("genre") == ["sci-fi", "noir"])
        #expect(form.files.count == 2)
        let poster = try #require(form.file("poster"))
        #expect(poster.filename == "poster; final.png")
        #expect(poster.contentType == "image/png")
        #expect(Array(poster.data.readableBytesView) == Array("\u{89}PNG\r\n\u{1A}\nbinary".utf8))
        #expect(form.file("empty")?.data.readableBytes == 0)
        // form() gives the text fields of a multipart body too.
        #expect(try request.form()["title"] == "Blade Runner")
    }

    /// A form of a hundred parts is read; one more part, or a part with too many headers, is
    /// refused, however small each is.
    @Test func multipartPartsAndHeadersAreLimited() throws {
        func body(parts: Int, headers: Int = 0) -> ByteBuffer {
            var text = ""
            for index in 0..<parts {
                text += "--b\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n"
                text += String(repeating: "X-Extra: 1\r\n", count: headers)
                text += "\r\nv\r\n"
            }
            return ByteBuffer(string: text + "--b--\r\n")
        }
        func request(_ body: ByteBuffer) -> Request {
            Request(method: .POST, uri: "/", headers: HTTPHeaders([("Content-Type", "multipart/form-data; boundary=b")]), body: body)
        }
        let full = try request(body(parts: MultipartForm.maximumParts, headers: MultipartForm.maximumHeadersPerPart - 1)).multipart()
        #expect(full.fields.all("f99") == ["v"])
        for tooMuch in [body(parts: MultipartForm.maximumParts + 1), body(parts: 600_000), body(parts: 1, headers: MultipartForm.maximumHeadersPerPart)] {
            #expect(throws: HTTPError.self) { _ = try request(tooMuch).multipart() }
            do {
                _ = try request(tooMuch).multipart()
            } catch let error as HTTPError {
                #expect(error.status == .badRequest)
                #expect(error.message.contains("at most 100 parts"))
            }
        }
    }

    @Test func malformedMultipartIs400() {
        func status(_ contentType: String, _ body: String) -> HTTPResponseStatus? {
            let request = Request(method: .POST, uri: "/", headers: HTTPHeaders([("Content-Type", contentType)]), body: ByteBuffer(string: body))
            do {
                _ = try request.multipart()
                return nil
            } catch let error as HTTPError {
                return error.status
            } catch {
                return .internalServerError
            }
        }
        // Truncated: the closing boundary never comes.
        #expect(status("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhalf") == .badRequest)
        // No boundary parameter.
        #expect(status("multipart/form-data", "whatever") == .badRequest)
        // Not multipart at all.
        #expect(status("multipart/form-data; boundary=XyZ", "just some text") == .badRequest)
        // A part without a name.
        #expect(status("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n") == .badRequest)
        // Wrong content type.
        #expect(status("text/plain", "x") == .unsupportedMediaType)
    }
}

extension FormTests {
    @Test func absoluteFormTargetRoutesByItsPath() {
        let request = Request(uri: "http://cinema.example:8080/movies/3?day=fri")
        #expect(request.segments == ["movies", "3"])
        #expect(request.path == "/movies/3")
        #expect(request.query["day"] == "fri")
        #expect(Request(uri: "http://cinema.example").segments.isEmpty)
    }
}
