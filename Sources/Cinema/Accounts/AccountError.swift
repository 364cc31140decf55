/// Why a log-in or an account operation failed (input problems are ``ValidationError``s).
public enum AccountError: Error, Sendable, Equatable {
    /// Unknown username or wrong password; deliberately says not which.
    case invalidCredentials
    /// Too many failed log-ins for this username or address: wait `retryAfter` seconds.
    case throttled(retryAfter: Int)
    /// No user has this id (deleted while signed in, or a stale session).
    case userNotFound
}
