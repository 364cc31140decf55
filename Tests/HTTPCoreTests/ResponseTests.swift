import Foundation
@testable import HTTPCore
import Testing

/// Response helpers and cookies.
struct ResponseTests {
    private func text(_ response: Response) -> String {
        guard case .bytes(let buffer) = response.body else { return "" }
        return String(buffer: buffer)
    }

    @Test func htmlAndText() {
        let html = Response.html("<p>hi</p>", status: .created)
        #expect(html.status == .created)
        #expect(html.headers.first(name: "content-type") == "text/html; charset=utf-8")
        #expect(self.text(html) == "<p>hi</p>")
        #expect(Response.text("x").headers.first(name: "content-type") == "text/plain; charset=utf-8")
    }

    @Test func jsonFromEncodable() throws {
        struct Movie: Encodable { var id: Int; var title: String }
        let response = try Response.json(Movie(id: 3, title: "Alien"))
        #expect(response.headers.first(name: "content-type") == "application/json; charset=utf-8")
        let decoded = try JSONSerialization.jsonObject(with: Data(self.text(response).utf8)) as? [String: Any]
        #expect(decoded?["id"] as? Int == 3)
        #expect(decoded?["title"] as? String == "Alien")
    }

    @Test func redirectIs303ByDefault() {
        let response = Response.redirect(to: "/reservations")
        #expect(response.status == .seeOther)
        #expect(response.headers.first(name: "location") == "/reservations")
        #expect(Response.redirect(to: "/", status: .movedPermanently).status == .movedPermanently)
    }

    @Test func anyTextSurvivesACookieValue() {
        for text in ["Seats held – 8 min", "info:A1, A2; \"quoted\" \\ 100%", "", "plain123"] {
            let value = Cookie.percentEncoded(text)
            #expect(value.utf8.allSatisfy { $0 == UInt8(ascii: "%") || ($0 < 128 && Character(UnicodeScalar($0)).isLetter) || ($0 < 128 && Character(UnicodeScalar($0)).isNumber) })
            #expect(Cookie.percentDecoded(value) == text)
            // Foundation's encoding of old cookies reads the same.
            #expect(Cookie.percentDecoded(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!) == text)
        }
        #expect(Cookie.percentEncoded("a b–") == "a%20b%E2%80%93")
        #expect(Cookie.percentDecoded("%E2%80") == nil)  // half a character
        #expect(Cookie.percentDecoded("%G1") == nil)
    }

    @Test func setCookieWritesEveryAttribute() {
        var response = Response()
        response.setCookie(
            Cookie(
                name: "session",
                value: "abc.def",
                path: "/app",
                domain: "example.org",
                maxAge: 3600,
                expires: Date(timeIntervalSince1970: 784_111_777),
                secure: true,
                httpOnly: true,
                sameSite: .strict
            )
        )
        response.setCookie(Cookie(name: "theme", value: "dark", httpOnly: false, sameSite: Cookie.SameSite.none))
        let cookies = response.headers[canonicalForm: "set-cookie"].map(String.init)
        #expect(cookies == [
            "session=abc.def; Path=/app; Domain=example.org; Max-Age=3600; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Secure; HttpOnly; SameSite=Strict",
            "theme=dark; Path=/; SameSite=None",
        ])
    }

    @Test func defaultsAreSafe() {
        #expect(Cookie(name: "a", value: "b").headerValue == "a=b; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func clearCookieExpiresIt() {
        var response = Response()
        response.clearCookie(named: "session")
        #expect(response.headers.first(name: "set-cookie") == "session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    }
}

/// Which content types are compressed.
struct MediaTypeTests {
    @Test func textLikeTypesAreCompressible() {
        for type in ["text/html; charset=utf-8", "TEXT/CSS", "application/json", "Application/JSON ; charset=utf-8",
            "image/svg+xml", "application/ld+json", "application/atom+xml", "application/javascript"]
        {
            #expect(MediaType.isCompressible(type), "\(type)")
        }
        for type in ["image/png", "image/jpeg", "font/woff2", "application/zip", "application/gzip", "video/mp4",
            "application/octet-stream", "application/jsonx", ""]
        {
            #expect(!MediaType.isCompressible(type), "\(type)")
        }
    }

    @Test func typesByExtension() {
        #expect(MediaType.forFile(named: "site.CSS") == "text/css; charset=utf-8")
        #expect(MediaType.forFile(named: "poster.webp") == "image/webp")
        #expect(MediaType.forFile(named: "README") == "application/octet-stream")
        #expect(MediaType.forFile(named: ".hidden") == "application/octet-stream")
    }
}
