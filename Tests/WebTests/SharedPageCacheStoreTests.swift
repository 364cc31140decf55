import Cinema
import Foundation
import HTTPCore
import NIOCore
import Testing
@testable import Web

/// The page cache's store keeps at most its capacity in bytes, however many addresses a
/// crawler walks.
@Suite struct SharedPageCacheStoreTests {
    let now = NIODeadline.now()

    func page(_ size: Int) -> SharedPageCache.Page {
        SharedPageCache.Page(response: Response(), parts: [ByteBuffer(repeating: 0x61, count: size)])
    }

    func isKept(_ store: SharedPageCache.Store, _ key: String) -> Bool {
        if case .hit = store.lookup(key, at: now, staleFor: .seconds(1)) { return true }
        store.abandon(key)
        return false
    }

    @Test func keepsAtMostItsCapacityInBytes() {
        let store = SharedPageCache.Store()
        let later = now + .seconds(5)
        store.keep(page(600), for: "/a", until: later, now: now, capacity: 1_000)
        #expect(isKept(store, "/a"))

        // 600 + 600 > 1,000 and /a is still fresh: everything goes, then /b is kept.
        store.keep(page(600), for: "/b", until: later, now: now, capacity: 1_000)
        #expect(!isKept(store, "/a"))
        #expect(isKept(store, "/b"))

        store.keep(page(300), for: "/c", until: later, now: now, capacity: 1_000)
        #expect(isKept(store, "/b") && isKept(store, "/c"))

        // Replacing a page counts its new size, not both.
        store.keep(page(100), for: "/b", until: later, now: now, capacity: 1_000)
        store.keep(page(500), for: "/d", until: later, now: now, capacity: 1_000)
        #expect(isKept(store, "/b") && isKept(store, "/c") && isKept(store, "/d"))

        // Expired pages make room before live ones are dropped.
        store.keep(page(100), for: "/old", until: now, now: now, capacity: 1_000)
        store.keep(page(100), for: "/e", until: later, now: now + .seconds(1), capacity: 1_000)
        #expect(isKept(store, "/b") && isKept(store, "/c") && isKept(store, "/d") && isKept(store, "/e"))
    }

    @Test func aPageBiggerThanTheCapacityIsServedButNotKept() {
        let store = SharedPageCache.Store()
        store.keep(page(2_000), for: "/huge", until: now + .seconds(5), now: now, capacity: 1_000)
        #expect(!isKept(store, "/huge"))
    }

    @Test func aKeptPageGetsEachVisitorsTokenAndEscapedName() {
        let placeholders = SharedPageCache.Placeholders(csrfToken: "TOKEN-X", username: "NAME-X")
        var body = ByteBuffer()
        body.writeString("<a>NAME-X</a><input value=\"TOKEN-X\">TOKEN-XNAME-X.")
        let page = SharedPageCache.Page(response: Response(), cutting: body, at: placeholders)
        #expect(page.parts.count == 5)
        #expect(page.gaps == [.username, .csrfToken, .csrfToken, .username])
        let customer = User(id: 7, username: "<b>&\"x'", email: "", role: .customer, sessionVersion: 0, createdAt: Date())
        let served = page.response(for: Visitor(user: customer, csrfCookie: "c", csrfToken: "t0k", flash: nil))
        guard case .bytes(let bytes) = served.body else {
            Issue.record("expected bytes")
            return
        }
        #expect(String(buffer: bytes) == "<a>&lt;b&gt;&amp;&quot;x&#39;</a><input value=\"t0k\">t0k&lt;b&gt;&amp;&quot;x&#39;.")
        // No placeholder at all: the body as it was.
        let plain = SharedPageCache.Page(response: Response(), cutting: ByteBuffer(string: "TOKEN NAME"), at: placeholders)
        #expect(plain.parts.count == 1 && plain.gaps.isEmpty)
    }
}
