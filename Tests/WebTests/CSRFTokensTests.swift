import Testing
@testable import Web

/// A CSRF token belongs to one browser cookie and one session binding, whether it was worked
/// out just now or remembered.
struct CSRFTokensTests {
    let tokens = CSRFTokens(secret: Array(repeating: 7, count: 32))
    let browserA = CSRFTokens.newCookieValue()
    let browserB = CSRFTokens.newCookieValue()

    @Test func aTokenIsValidOnlyForItsCookieAndBinding() {
        let binding = CSRFTokens.binding(userID: 4, sessionVersion: 1)
        let token = tokens.token(cookie: browserA, binding: binding)
        #expect(tokens.token(cookie: browserA, binding: binding) == token)  // remembered, same
        #expect(tokens.isValid(token, cookie: browserA, binding: binding))
        #expect(!tokens.isValid(token, cookie: browserB, binding: binding))
        #expect(!tokens.isValid(token, cookie: browserA, binding: CSRFTokens.binding(userID: 4, sessionVersion: 2)))
        #expect(!tokens.isValid(token, cookie: browserA, binding: "anon"))
        #expect(!tokens.isValid(String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A"), cookie: browserA, binding: binding))
        #expect(!tokens.isValid(String(token.dropLast()), cookie: browserA, binding: binding))
        #expect(!tokens.isValid(nil, cookie: browserA, binding: binding))
        #expect(!tokens.isValid(token, cookie: nil, binding: binding))
        #expect(!tokens.isValid(token, cookie: "", binding: binding))
        // Another secret gives other tokens.
        #expect(CSRFTokens(secret: Array(repeating: 8, count: 32)).token(cookie: browserA, binding: binding) != token)
    }

    /// Only cookies shaped like ours count: a token made for any other cookie value is
    /// refused, so a client cannot fill the memo with cookies of its own, up to 16 KB each.
    @Test func onlyCookiesOfOurShapeCount() {
        #expect(CSRFTokens.isWellFormedCookieValue(browserA))
        for odd in ["", "browser-a", String(browserA.dropLast()), browserA + "A", String(repeating: "A", count: 16_000),
                    String(browserA.dropLast()) + "=", String(browserA.dropLast()) + "é"] {
            #expect(!CSRFTokens.isWellFormedCookieValue(odd), "\(odd.prefix(40))")
            #expect(!tokens.isValid(tokens.token(cookie: odd, binding: "anon"), cookie: odd, binding: "anon"), "\(odd.prefix(40))")
        }
    }
}
