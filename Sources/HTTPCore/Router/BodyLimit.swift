/// How many body bytes a route accepts, and from whom.
///
/// A route that takes uploads raises its limit above the server's default. Bodies are read
/// before any middleware runs (a handler gets the whole body), so a raised limit would let
/// anyone make the server read and hold that many bytes, even where the route's middleware
/// then turns them away. An admission check decides from the request's head alone (path,
/// headers, cookies) who gets the raised limit:
///
/// ```swift
/// router.post("/admin/movies/:id/poster", bodyLimit: BodyLimit(
///     bytes: 6 << 20,
///     admitting: { request in looksLikeAnAdmin(request) },
///     refusal: HTTPError(.forbidden, message: "Log in as an admin to upload a poster.")))
/// ```
///
/// A request the check turns away keeps the smaller of the route's limit and the server's
/// default, and still reaches the route when its body fits (its middleware then answers as
/// usual: a log-in page, say). One whose body does not fit gets `refusal`, answered through
/// the middleware like any error and without reading the body when its length is announced.
/// The check only picks a limit: it is no substitute for the route's own authorization.
public struct BodyLimit: Sendable, ExpressibleByIntegerLiteral {
    /// The most body bytes an admitted request may send.
    public var bytes: Int
    /// Whether a request may send up to ``bytes``, decided from its head: called on the
    /// event loop as the head arrives, so it must be quick and must not block.
    public var admits: @Sendable (Request) -> Bool
    /// The answer to a request the check turned away whose body is over the smaller limit;
    /// nil for the usual 413.
    public var refusal: HTTPError?

    /// A limit for the requests `admitting` lets through.
    public init(bytes: Int, admitting: @escaping @Sendable (Request) -> Bool = { _ in true }, refusal: HTTPError? = nil) {
        self.bytes = bytes
        self.admits = admitting
        self.refusal = refusal
    }

    /// A limit for every request to the route: `bodyLimit: 4 << 20`.
    public init(integerLiteral bytes: Int) {
        self.init(bytes: bytes)
    }

    /// What a body over the limit is answered with.
    static let tooLarge = HTTPError(.payloadTooLarge, message: "The request body is too large.")

    /// The limit for one request, and the answer to a body over it.
    func resolved(for request: Request, serverDefault: Int) -> (bytes: Int, refusal: HTTPError) {
        if admits(request) {
            return (bytes, Self.tooLarge)
        }
        return (min(bytes, serverDefault), refusal ?? Self.tooLarge)
    }
}
