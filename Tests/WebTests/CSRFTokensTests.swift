import Testing
@testable import Web

/// A CSRF token belongs to one browser cookie and one session binding, whether it was worked
/// out just now or remembered.
struct CSRFTokensTests {
    let tokens = CSRFTokens(secret: Array(repeating: 7, count: 32))

    @Test func aTokenIsValidOnlyForItsCookieAndBinding() {
        let binding = CSRFTokens.binding(userID: 4, sessionVersion: 1)
        let token = tokens.token(cookie: "browser-a", binding: binding)
        #expect(tokens.token(cookie: "browser-a", binding: binding) == token)  // remembered, same
        #expect(tokens.isValid(token, cookie: "browser-a", binding: binding))
        #expect(!tokens.isValid(token, cookie: "browser-b", binding: binding))
        #expect(!tokens.isValid(token, cookie: "browser-a", binding: CSRFTokens.binding(userID: 4, sessionVersion: 2)))
        #expect(!tokens.isValid(token, cookie: "browser-a", binding: "anon"))
        #expect(!tokens.isValid(String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A"), cookie: "browser-a", binding: binding))
        #expect(!tokens.isValid(String(token.dropLast()), cookie: "browser-a", binding: binding))
        #expect(!tokens.isValid(nil, cookie: "browser-a", binding: binding))
        #expect(!tokens.isValid(token, cookie: nil, binding: binding))
        #expect(!tokens.isValid(token, cookie: "", binding: binding))
        // Another secret gives other tokens.
        #expect(CSRFTokens(secret: Array(repeating: 8, count: 32)).token(cookie: "browser-a", binding: binding) != token)
    }
}
