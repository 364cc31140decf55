import Cinema
import Foundation
import HTTPCore

/// Who may send an upload's large body: decided from the request's head, before the body
/// is read (see ``BodyLimit``).
///
/// Upload routes (a poster, an import file) accept bodies of several megabytes, and a body
/// is read whole before any middleware runs. Without this, anyone could make the server
/// read and hold that much per connection on an admin route, only to be sent to the log-in
/// page afterwards. Here only a request carrying a valid admin session token gets the raised
/// limit; everyone else keeps the server's default (1 MB) and, over it, a 403 telling them
/// to log in as an admin.
///
/// The token's role is read as signed, without the database: an admin demoted since the
/// token was issued still gets the larger limit, and ``RoleGuard`` then refuses the request
/// as usual. The admission only decides how much may be read.
struct UploadAdmission: Sendable {
    let signer: SessionSigner
    let clock: @Sendable () -> Date

    /// A body limit of `bytes` for admins, the server's default for everyone else.
    func forAdmins(_ bytes: Int, refusal message: String) -> BodyLimit {
        BodyLimit(
            bytes: bytes,
            admitting: { request in admitsAdmin(request) },
            refusal: HTTPError(.forbidden, message: message))
    }

    /// Whether `request` carries a valid session token issued to an admin.
    func admitsAdmin(_ request: Request) -> Bool {
        guard let token = request.cookies[SessionMiddleware.cookieName], !token.isEmpty,
              let claims = signer.claimsAtOnce(token, now: clock())
        else { return false }
        return claims.role == Role.admin.rawValue
    }
}
