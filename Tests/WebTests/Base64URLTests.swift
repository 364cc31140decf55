import Foundation
import Testing
@testable import Web

@Suite struct Base64URLTests {
    /// Foundation's base64 turned into base64url by hand: the reference the fast coder must match.
    func reference(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func encodesLikeFoundationAndDecodesBack() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...66 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let encoded = Base64URL.encode(bytes)
                #expect(encoded == reference(bytes))
                #expect(Base64URL.decode(encoded) == bytes)
            }
        }
        // Every byte value, so every alphabet letter, including - and _.
        let all = (0...255).map(UInt8.init)
        #expect(Base64URL.encode(all) == reference(all))
        #expect(Base64URL.decode(Base64URL.encode(all)) == all)
    }

    @Test func refusesWhatIsNotBase64URL() {
        #expect(Base64URL.decode("ab+c") == nil)
        #expect(Base64URL.decode("ab/c") == nil)
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("ab c") == nil)
        #expect(Base64URL.decode("é") == nil)
        #expect(Base64URL.decode("YQ==") == [UInt8(ascii: "a")])
        #expect(Base64URL.decode("") == [])
    }

    @Test func csrfCookieValuesAreLongRandomAndURLSafe() {
        let values = (0..<200).map { _ in CSRFTokens.newCookieValue() }
        #expect(Set(values).count == values.count)
        for value in values {
            #expect(value.count == 32)
            #expect(Base64URL.decode(value)?.count == 24)
        }
    }
}
