public import Cinema
public import HTTPCore

/// Who is making a request, worked out once by ``SessionMiddleware`` and read by every
/// controller and page.
public struct Visitor: Sendable {
    /// The signed-in user, or nil for an anonymous visitor (or one whose token was refused).
    public var user: User?
    /// The browser's CSRF cookie value (created for this response when it had none).
    public var csrfCookie: String
    /// The CSRF token to embed in this page's forms.
    ///
    /// Worked out when first read rather than for every request: images, styles, JSON and
    /// redirects never need one, and it costs an HMAC.
    public var csrfToken: String {
        get {
            switch token {
            case .fixed(let token): token
            case .derived(let tokens, let binding): tokens.token(cookie: csrfCookie, binding: binding)
            }
        }
        set { token = .fixed(newValue) }
    }
    /// A one-shot message carried over a redirect.
    public var flash: Flash?

    private var token: Token

    private enum Token: Sendable {
        case fixed(String)
        case derived(CSRFTokens, binding: String)
    }

    /// A visitor whose pages carry exactly this CSRF token.
    init(user: User?, csrfCookie: String, csrfToken: String, flash: Flash?) {
        self.user = user
        self.csrfCookie = csrfCookie
        self.token = .fixed(csrfToken)
        self.flash = flash
    }

    /// A visitor whose CSRF token `tokens` derives from the cookie and `binding` when needed.
    init(user: User?, csrfCookie: String, tokens: CSRFTokens, binding: String, flash: Flash?) {
        self.user = user
        self.csrfCookie = csrfCookie
        self.token = .derived(tokens, binding: binding)
        self.flash = flash
    }

    /// Whether the visitor may see staff pages.
    public var isStaff: Bool { user.map { $0.role == .staff || $0.role == .admin } ?? false }
    /// Whether the visitor may see admin pages.
    public var isAdmin: Bool { user?.role == .admin }
}

/// A message shown once on the next page, e.g. "Booking cancelled".
public struct Flash: Sendable, Equatable {
    public enum Kind: String, Sendable { case success, error, info }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The cookie form: `kind:message`, percent-encoded by the cookie writer.
    var cookieValue: String { "\(kind.rawValue):\(message)" }

    init?(cookieValue: String) {
        guard let colon = cookieValue.firstIndex(of: ":"),
              let kind = Kind(rawValue: String(cookieValue[..<colon])) else { return nil }
        self.kind = kind
        self.message = String(cookieValue[cookieValue.index(after: colon)...].prefix(300))
    }
}

extension Visitor {
    /// The storage key under which the session middleware leaves the visitor on a request.
    enum Key: RequestStorageKey {
        typealias Value = Visitor
    }
}

extension Request {
    /// The visitor worked out by ``SessionMiddleware``; anonymous when the middleware did not run.
    public var visitor: Visitor {
        self[Visitor.Key.self] ?? Visitor(user: nil, csrfCookie: "", csrfToken: "", flash: nil)
    }
}
