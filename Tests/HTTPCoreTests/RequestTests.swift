@testable import HTTPCore
import Testing

/// How a request target becomes path segments (this runs for every request).
struct RequestTests {
    @Test func pathSegmentsAreSplitAndDecoded() {
        #expect(Request(uri: "/").segments == [])
        #expect(Request(uri: "//a//b%20c/").segments == ["a", "b c"])
        #expect(Request(uri: "/caf%C3%A9/été?x=1").segments == ["café", "été"])
        #expect(Request(uri: "http://host/a/b").segments == ["a", "b"])
        let malformed = Request(uri: "/ok/%zz/%41")
        #expect(malformed.segments == ["ok", "%zz", "A"])
        #expect(malformed.hasMalformedPath)
        #expect(!Request(uri: "/a/b").hasMalformedPath)
        // A slice of a larger string, as the path part of a target with a query is.
        #expect(Request.decodeSegments("a/b/c".dropFirst(2)).0 == ["b", "c"])
    }
}
