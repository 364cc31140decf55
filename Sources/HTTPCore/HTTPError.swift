/// An error that knows how to render itself as a response.
///
/// The router turns any thrown error that adopts this protocol into its own response; every
/// other error becomes a generic 500 whose details only reach the log.
public protocol HTTPResponseError: Error {
    /// The status of the response this error renders.
    var status: HTTPResponseStatus { get }
    /// The response to send for this error.
    func response() -> Response
}

/// The one error type of the HTTP layer: a status plus a message that is safe to show a user.
///
/// ```swift
/// guard let movie = try await catalog.movie(id) else {
///     throw HTTPError(.notFound, message: "No such movie.")
/// }
/// ```
public struct HTTPError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The response status.
    public let status: HTTPResponseStatus
    /// A message safe to show a user (no internals).
    public let message: String
    /// Extra headers for the response, such as `Allow` on a 405.
    public var headers: HTTPHeaders

    /// Creates an error.
    /// - Parameters:
    ///   - status: The response status.
    ///   - message: A message safe to show a user; defaults to the status's reason phrase.
    public init(_ status: HTTPResponseStatus, message: String? = nil) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = [:]
    }

    /// Creates an error with extra response headers.
    /// - Parameters:
    ///   - status: The response status.
    ///   - message: A message safe to show a user; defaults to the status's reason phrase.
    ///   - headers: Headers added to the response.
    public init(_ status: HTTPResponseStatus, message: String? = nil, headers: HTTPHeaders) {
        self.init(status, message: message)
        self.headers = headers
    }

    /// A plain-text response carrying the message and the extra headers.
    public func response() -> Response {
        var response = Response.text(self.message, status: self.status)
        for (name, value) in self.headers {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    public var description: String {
        "HTTPError(\(self.status.code), \(self.message))"
    }
}
