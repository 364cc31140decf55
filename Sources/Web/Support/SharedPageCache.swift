import Cinema
import Foundation
import HTTPCore
import Templating

/// Keeps pages rendered for anonymous visitors (and, where a route group allows it, for
/// signed-in customers) for a moment, so a crowd browsing `/movies` or looking at one seat
/// map costs one query and one render per page per `lifetime`, not one each.
///
/// Only a `GET` from a visitor with no flash message waiting is served from here, and only
/// `200` answers are kept. The page is rendered for a stand-in CSRF token (random per
/// process), and each visitor's own token is put in its place when the page is served, so
/// forms on a shared page still work. Everything else per visitor (the CSRF cookie, security
/// headers) is added outside this middleware, on every response.
///
/// With ``sharedWithCustomers``, signed-in customers share a second copy of each page,
/// rendered for a stand-in customer whose name is replaced by each visitor's own (escaped)
/// when it is served: for pages that show a customer nothing of their own but the header
/// (the catalogue), which otherwise cost a signed-in visitor a query and a render each
/// time. Staff and admins, who change what these pages show, always get a fresh page, and
/// so does every signed-in visitor on a group without the option (seat maps show a
/// customer's own holds).
///
/// When a page expires, the first visitor to ask renders it again while the others keep
/// getting the expired copy for at most one more `lifetime`, so a busy page never makes a
/// whole crowd render it at once.
///
/// The price is that a change (an admin's edit, a seat someone just took) reaches the
/// visitors who share a page up to twice `lifetime` late. Holding seats is unaffected: it needs a signed-in
/// visitor, and the database decides who gets a seat.
struct SharedPageCache: Middleware {
    /// How long a page is reused.
    let lifetime: TimeAmount
    /// At most this many bytes of pages are kept (the query string makes the key space
    /// unbounded, and a seat map is tens of kilobytes: a crawler walking every showtime must
    /// not grow the server by tens of megabytes).
    let capacity: Int
    /// Whether signed-in customers share pages too (see the type's documentation).
    let sharedWithCustomers: Bool
    /// What pages are rendered with instead of a visitor's CSRF token, and instead of a
    /// customer's name.
    let placeholders: Placeholders
    private let store: Store

    init(lifetime: TimeInterval, sharedWithCustomers: Bool = false, capacity: Int = 4 * 1024 * 1024) {
        self.lifetime = .nanoseconds(Int64(lifetime * 1_000_000_000))
        self.sharedWithCustomers = sharedWithCustomers
        self.capacity = capacity
        // Random, so no page text can contain them by accident (or on purpose).
        self.placeholders = Placeholders(
            csrfToken: "csrf-placeholder-" + CSRFTokens.newCookieValue(),
            username: "username-placeholder-" + CSRFTokens.newCookieValue())
        self.store = Store()
    }

    /// The stand-ins a shared page is rendered with, put back per visitor when it is served.
    struct Placeholders: Sendable {
        var csrfToken: String
        var username: String

        func text(for gap: Gap) -> String {
            switch gap {
            case .csrfToken: csrfToken
            case .username: username
            }
        }
    }

    /// What goes between two parts of a kept page: one visitor's own part of it.
    enum Gap: Int, CaseIterable, Sendable {
        case csrfToken
        case username

        /// What `visitor` sees here. The token is worked out only when a page has a form
        /// (it costs an HMAC); the name is escaped as `{{ user.username }}` would have been.
        func text(for visitor: Visitor) -> String {
            switch self {
            case .csrfToken: visitor.csrfToken
            case .username: HTMLEscape.escaped(visitor.user?.username ?? "")
            }
        }
    }

    func respond(to request: Request, next: Handler) async throws -> Response {
        let visitor = request.visitor
        guard request.method == .GET, visitor.flash == nil else {
            return try await next(request)
        }
        let standIn: User?
        let key: String
        switch visitor.user {
        case nil:
            (standIn, key) = (nil, request.uri)
        case let user? where sharedWithCustomers && user.role == .customer:
            // A separate copy: the header of a signed-in page differs from an anonymous one.
            // (A request target starts with "/", so the keys cannot meet.)
            standIn = User(
                id: 0, username: placeholders.username, email: "", role: .customer, sessionVersion: 0,
                createdAt: Date(timeIntervalSince1970: 0))
            key = "customer " + request.uri
        case _?:
            return try await next(request)
        }
        let now = NIODeadline.now()
        switch store.lookup(key, at: now, staleFor: lifetime) {
        case .hit(let page):
            return page.response(for: visitor)
        case .miss:
            break
        }
        var shared = request
        shared[Visitor.Key.self] = Visitor(user: standIn, csrfCookie: visitor.csrfCookie, csrfToken: placeholders.csrfToken, flash: nil)
        let response: Response
        do {
            response = try await next(shared)
        } catch {
            store.abandon(key)
            throw error
        }
        guard response.status == .ok, case .bytes(let body) = response.body else {
            store.abandon(key)
            return Page.response(response, for: visitor, placeholders: placeholders)
        }
        let page = Page(response: response, cutting: body, at: placeholders)
        store.keep(page, for: key, until: now + lifetime, now: now, capacity: capacity)
        return page.response(for: visitor)
    }

    /// `body` cut at every placeholder, with the gap each cut leaves.
    static func split(_ body: ByteBuffer, at placeholders: Placeholders) -> (parts: [ByteBuffer], gaps: [Gap]) {
        let needles = Gap.allCases.map { (gap: $0, bytes: Array(placeholders.text(for: $0).utf8)) }
        var parts: [ByteBuffer] = []
        var gaps: [Gap] = []
        body.withUnsafeReadableBytes { bytes in
            var start = 0
            var index = 0
            scan: while index < bytes.count {
                for (gap, needle) in needles
                where index + needle.count <= bytes.count && bytes[index] == needle[0]
                    && memcmp(bytes.baseAddress! + index, needle, needle.count) == 0 {
                    parts.append(body.getSlice(at: body.readerIndex + start, length: index - start)!)
                    gaps.append(gap)
                    index += needle.count
                    start = index
                    continue scan
                }
                index += 1
            }
            parts.append(body.getSlice(at: body.readerIndex + start, length: bytes.count - start)!)
        }
        return (parts, gaps)
    }

    /// A kept page: the response, its body cut where a visitor's own part goes.
    struct Page: Sendable {
        var response: Response
        var parts: [ByteBuffer]
        /// What goes between `parts[i]` and `parts[i + 1]`.
        var gaps: [Gap]

        init(response: Response, parts: [ByteBuffer], gaps: [Gap] = []) {
            self.response = response
            self.parts = parts
            self.gaps = gaps
        }

        init(response: Response, cutting body: ByteBuffer, at placeholders: Placeholders) {
            let (parts, gaps) = SharedPageCache.split(body, at: placeholders)
            self.init(response: response, parts: parts, gaps: gaps)
        }

        /// The size of the body kept (what the cache's capacity counts).
        var byteCount: Int { parts.reduce(0) { $0 + $1.readableBytes } }

        /// The page for one visitor.
        func response(for visitor: Visitor) -> Response {
            var response = response
            if parts.count == 1 {
                response.body = .bytes(parts[0])
            } else {
                // Each gap's text worked out once, and only for the gaps this page has.
                var texts = [String?](repeating: nil, count: Gap.allCases.count)
                var body = ByteBuffer()
                body.reserveCapacity(byteCount + 64 * gaps.count)
                for (index, part) in parts.enumerated() {
                    if index > 0 {
                        let gap = gaps[index - 1]
                        if texts[gap.rawValue] == nil { texts[gap.rawValue] = gap.text(for: visitor) }
                        body.writeString(texts[gap.rawValue]!)
                    }
                    body.writeImmutableBuffer(part)
                }
                response.body = .bytes(body)
            }
            return response
        }

        /// A page that is not kept (an error page, say), with the visitor's part put back.
        static func response(_ response: Response, for visitor: Visitor, placeholders: Placeholders) -> Response {
            guard case .bytes(let body) = response.body else { return response }
            let page = Page(response: response, cutting: body, at: placeholders)
            guard page.parts.count > 1 else { return response }
            return page.response(for: visitor)
        }
    }

    /// The pages, behind a lock (handlers run on several event loops at once).
    final class Store: @unchecked Sendable {
        // @unchecked: every access to `pages` holds `lock`.
        private struct Entry {
            var page: Page
            var expires: NIODeadline
            /// Someone is rendering a fresh copy of this expired page.
            var refreshing: Bool
        }

        enum Lookup {
            case hit(Page)
            /// Render the page, then ``keep(_:for:until:now:capacity:)`` or ``abandon(_:)`` it.
            case miss
        }

        private let lock = NSLock()
        private var pages: [String: Entry] = [:]
        /// The bytes of the pages kept.
        private var bytes = 0

        func lookup(_ key: String, at now: NIODeadline, staleFor grace: TimeAmount) -> Lookup {
            lock.withLock {
                guard let entry = pages[key] else { return .miss }
                if entry.expires > now { return .hit(entry.page) }
                if entry.refreshing, entry.expires + grace > now { return .hit(entry.page) }
                pages[key]?.refreshing = true
                return .miss
            }
        }

        func keep(_ page: Page, for key: String, until expires: NIODeadline, now: NIODeadline, capacity: Int) {
            let size = page.byteCount
            lock.withLock {
                if let old = pages.removeValue(forKey: key) { bytes -= old.page.byteCount }
                // A page bigger than the whole cache is served, not kept.
                guard size <= capacity else { return }
                if bytes + size > capacity {
                    pages = pages.filter { $0.value.expires > now }
                    bytes = pages.values.reduce(0) { $0 + $1.page.byteCount }
                    // Still full of live pages: start over rather than track which is oldest.
                    if bytes + size > capacity {
                        pages.removeAll(keepingCapacity: true)
                        bytes = 0
                    }
                }
                pages[key] = Entry(page: page, expires: expires, refreshing: false)
                bytes += size
            }
        }

        /// The render that ``lookup(_:at:staleFor:)`` asked for did not produce a page to keep.
        func abandon(_ key: String) {
            lock.withLock {
                pages[key]?.refreshing = false
            }
        }
    }
}
