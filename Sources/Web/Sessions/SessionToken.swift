public import Foundation
public import JWTKit

/// The claims of a signed-in browser's session cookie.
///
/// The token names the user by id (never by username), carries the role for cheap
/// navigation decisions and the session version so that a password change or a
/// role change revokes every older token: the server compares the version with the
/// user's current one on each request.
public struct SessionToken: JWTPayload, Equatable {
    /// The user's id, as a decimal string (the JWT `sub` claim).
    public var subject: SubjectClaim
    /// The role when the token was issued; the server re-reads the user's role.
    public var role: String
    /// The user's session version when the token was issued.
    public var sessionVersion: Int
    /// When the token was issued.
    public var issuedAt: IssuedAtClaim
    /// When the token stops being accepted.
    public var expiration: ExpirationClaim

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case role
        case sessionVersion = "sv"
        case issuedAt = "iat"
        case expiration = "exp"
    }

    /// Creates the claims for one user at one moment.
    public init(userID: Int64, role: String, sessionVersion: Int, issuedAt: Date, lifetime: TimeInterval) {
        self.subject = SubjectClaim(value: String(userID))
        self.role = role
        self.sessionVersion = sessionVersion
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        self.expiration = ExpirationClaim(value: issuedAt.addingTimeInterval(lifetime))
    }

    /// The user id the token names, or nil when the subject is not a number.
    public var userID: Int64? { Int64(subject.value) }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        // Expiry is checked by `SessionSigner` against its injected clock, so tests
        // can move time; the signature has already been checked when this runs.
    }
}
