import Foundation
import HTTPCore

/// Keeps pages rendered for anonymous visitors for a moment, so a crowd browsing `/movies`
/// or looking at one seat map costs one query and one render per page per `lifetime`, not
/// one each.
///
/// Only a `GET` from a visitor who is not signed in and has no flash message waiting is
/// served from here, and only `200` answers are kept. The page is rendered for a stand-in
/// CSRF token (random per process), and each visitor's own token is put in its place when
/// the page is served, so forms on a shared page still work. Everything else per visitor
/// (the CSRF cookie, security headers) is added outside this middleware, on every response.
/// Signed-in visitors always get a fresh page.
///
/// When a page expires, the first visitor to ask renders it again while the others keep
/// getting the expired copy for at most one more `lifetime`, so a busy page never makes a
/// whole crowd render it at once.
///
/// The price is that a change (an admin's edit, a seat someone just took) reaches anonymous
/// visitors up to twice `lifetime` late. Holding seats is unaffected: it needs a signed-in
/// visitor, and the database decides who gets a seat.
struct AnonymousPageCache: Middleware {
    /// How long a page is reused.
    let lifetime: TimeAmount
    /// At most this many bytes of pages are kept (the query string makes the key space
    /// unbounded, and a seat map is tens of kilobytes: a crawler walking every showtime must
    /// not grow the server by tens of megabytes).
    let capacity: Int
    /// What pages are rendered with instead of a visitor's CSRF token.
    let placeholder: String
    private let store: Store

    init(lifetime: TimeInterval, capacity: Int = 4 * 1024 * 1024) {
        self.lifetime = .nanoseconds(Int64(lifetime * 1_000_000_000))
        self.capacity = capacity
        // Random, so no page text can contain it by accident (or on purpose).
        self.placeholder = "csrf-placeholder-" + CSRFTokens.newCookieValue()
        self.store = Store()
    }

    func respond(to request: Request, next: Handler) async throws -> Response {
        let visitor = request.visitor
        guard request.method == .GET, visitor.user == nil, visitor.flash == nil else {
            return try await next(request)
        }
        let key = request.uri
        let now = NIODeadline.now()
        switch store.lookup(key, at: now, staleFor: lifetime) {
        case .hit(let page):
            return page.response(csrfToken: visitor.csrfToken)
        case .miss:
            break
        }
        var shared = request
        shared[Visitor.Key.self] = Visitor(user: nil, csrfCookie: visitor.csrfCookie, csrfToken: placeholder, flash: nil)
        let response: Response
        do {
            response = try await next(shared)
        } catch {
            store.abandon(key)
            throw error
        }
        guard response.status == .ok, case .bytes(let body) = response.body else {
            store.abandon(key)
            return Page(response: response, parts: [], placeholder: placeholder).response(csrfToken: visitor.csrfToken, replacingIn: response)
        }
        let page = Page(response: response, parts: Self.split(body, on: placeholder), placeholder: placeholder)
        store.keep(page, for: key, until: now + lifetime, now: now, capacity: capacity)
        return page.response(csrfToken: visitor.csrfToken)
    }

    /// `body` cut at every occurrence of `separator`.
    static func split(_ body: ByteBuffer, on separator: String) -> [ByteBuffer] {
        let needle = Array(separator.utf8)
        var parts: [ByteBuffer] = []
        body.withUnsafeReadableBytes { bytes in
            var start = 0
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == needle[0], memcmp(bytes.baseAddress! + index, needle, needle.count) == 0 {
                    parts.append(body.getSlice(at: body.readerIndex + start, length: index - start)!)
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            parts.append(body.getSlice(at: body.readerIndex + start, length: bytes.count - start)!)
        }
        return parts
    }

    /// A kept page: the response, its body cut where the CSRF token goes.
    struct Page: Sendable {
        var response: Response
        var parts: [ByteBuffer]
        var placeholder: String

        /// The size of the body kept (what the cache's capacity counts).
        var byteCount: Int { parts.reduce(0) { $0 + $1.readableBytes } }

        /// The page for a visitor with this token (worked out only when the page has a form).
        func response(csrfToken: @autoclosure () -> String) -> Response {
            var response = response
            if parts.count == 1 {
                response.body = .bytes(parts[0])
            } else {
                let token = Array(csrfToken().utf8)
                var body = ByteBuffer()
                body.reserveCapacity(parts.reduce(0) { $0 + $1.readableBytes } + token.count * (parts.count - 1))
                for (index, part) in parts.enumerated() {
                    if index > 0 { body.writeBytes(token) }
                    body.writeImmutableBuffer(part)
                }
                response.body = .bytes(body)
            }
            return response
        }

        /// A page that is not kept (an error page, say), with the visitor's token put back.
        func response(csrfToken: @autoclosure () -> String, replacingIn response: Response) -> Response {
            guard case .bytes(let body) = response.body else { return response }
            let parts = AnonymousPageCache.split(body, on: placeholder)
            guard parts.count > 1 else { return response }
            return Page(response: response, parts: parts, placeholder: placeholder).response(csrfToken: csrfToken())
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
