import Testing
@testable import marquee

struct DotEnvTests {
    @Test func readsPlainQuotedExportedAndCommentedLines() throws {
        let values = try DotEnv.parse("""
        # the cinema
        MARQUEE_PORT=9090
        export MARQUEE_TIMEZONE=Europe/Berlin
        MARQUEE_SECRET="a value with # and spaces"
        MARQUEE_CURRENCY=USD # trailing comment

        EMPTY=
        """, file: ".env")
        #expect(values["MARQUEE_PORT"] == "9090")
        #expect(values["MARQUEE_TIMEZONE"] == "Europe/Berlin")
        #expect(values["MARQUEE_SECRET"] == "a value with # and spaces")
        #expect(values["MARQUEE_CURRENCY"] == "USD")
        #expect(values["EMPTY"] == "")
    }

    @Test func reportsTheLineOfAMalformedEntry() {
        #expect(throws: DotEnv.SyntaxError.self) {
            try DotEnv.parse("A=1\nthis is not a setting\n", file: ".env")
        }
        do {
            _ = try DotEnv.parse("A=1\nnot a setting\n", file: "cfg/.env")
        } catch let error as DotEnv.SyntaxError {
            #expect(error.description == "cfg/.env:2: expected KEY=value, found \"not a setting\"")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func environmentTreatsEmptyValuesAsUnset() {
        let environment = Environment(values: ["MARQUEE_PORT": "", "MARQUEE_HOST": "0.0.0.0"])
        #expect(environment["MARQUEE_PORT"] == nil)
        #expect(environment["MARQUEE_HOST"] == "0.0.0.0")
    }
}
