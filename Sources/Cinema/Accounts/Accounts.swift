public import Foundation
import GRDB

/// Sign-up, log-in and account changes.
///
/// Create one instance for the process and share it: its log-in throttle lives inside.
///
/// ```swift
/// let accounts = Accounts(database: database, settings: settings)
/// let user = try await accounts.authenticate(username: "ada", password: "…", address: "203.0.113.9")
/// ```
public struct Accounts: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings
    let clock: CinemaClock
    let hasher: PasswordHasher
    let throttle: LoginThrottle

    /// - Parameters:
    ///   - database: The cinema database.
    ///   - settings: Password cost and log-in throttle limits come from here.
    ///   - clock: The current time, for the throttle's window and timestamps.
    public init(database: CinemaDatabase, settings: CinemaSettings, clock: @escaping CinemaClock = { Date() }) {
        self.database = database
        self.settings = settings
        self.clock = clock
        self.hasher = PasswordHasher(cost: settings.scryptCost, threads: settings.passwordHashingThreads)
        self.throttle = LoginThrottle(limit: settings.maxFailedLogins, window: settings.loginThrottleWindow)
    }

    // MARK: - Creating accounts

    /// Creates a customer account from the sign-up form.
    ///
    /// - Throws: ``ValidationError`` with messages for `username`, `email`, `password` and
    ///   `passwordConfirmation` (a taken username is reported on `username`).
    public func signUp(
        username: String, email: String, password: String, passwordConfirmation: String
    ) async throws -> User {
        let username = AccountRules.normalize(username)
        let email = AccountRules.normalize(email)
        var errors = ValidationError()
        AccountRules.checkUsername(username, field: "username", into: &errors)
        AccountRules.checkEmail(email, field: "email", into: &errors)
        AccountRules.checkPassword(password, field: "password", into: &errors)
        AccountRules.checkConfirmation(passwordConfirmation, matches: password, field: "passwordConfirmation", into: &errors)
        try errors.throwIfAny()
        return try await insertUser(username: username, email: email, password: password, role: .customer)
    }

    /// Creates an account with any role, for the command line (`marquee create-user`).
    ///
    /// - Throws: ``ValidationError`` on `username`, `email` or `password`.
    public func createUser(username: String, email: String, password: String, role: Role) async throws -> User {
        let username = AccountRules.normalize(username)
        let email = AccountRules.normalize(email)
        var errors = ValidationError()
        AccountRules.checkUsername(username, field: "username", into: &errors)
        AccountRules.checkEmail(email, field: "email", into: &errors)
        AccountRules.checkPassword(password, field: "password", into: &errors)
        try errors.throwIfAny()
        return try await insertUser(username: username, email: email, password: password, role: role)
    }

    private func insertUser(username: String, email: String, password: String, role: Role) async throws -> User {
        // A taken name is refused before the hash: hashes run one at a time, and sign-ups
        // that could never succeed would keep everyone else from logging in. (The unique
        // index below still decides between two sign-ups racing for the same name.)
        let taken = try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)", arguments: [username]) ?? false
        }
        if taken { throw ValidationError(field: "username", "That username is taken.") }
        let hash = try await hasher.hash(password)
        let now = clock()
        do {
            return try await database.writer.write { db in
                // No look-up first: the UNIQUE (NOCASE) index decides, even between two
                // sign-ups racing for "Ada" and "ada".
                try db.execute(
                    sql: """
                        INSERT INTO users (username, email, password_hash, role, session_version, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 1, ?, ?)
                        """,
                    arguments: [username, email, hash, role.rawValue, now, now])
                return User(
                    id: db.lastInsertedRowID, username: username, email: email, role: role,
                    sessionVersion: 1, createdAt: now)
            }
        } catch let error as DatabaseError where error.isUniquenessViolation && error.mentions("users.username") {
            throw ValidationError(field: "username", "That username is taken.")
        }
    }

    // MARK: - Logging in

    /// Checks a username and password.
    ///
    /// - Parameters:
    ///   - address: The client's IP address; failures are counted per address too.
    /// - Throws: ``AccountError/invalidCredentials`` or ``AccountError/throttled(retryAfter:)``
    ///   after ``CinemaSettings/maxFailedLogins`` failures inside the throttle window.
    public func authenticate(username: String, password: String, address: String?) async throws -> User {
        let username = AccountRules.normalize(username)
        let attempt: LoginThrottle.Attempt
        switch await throttle.begin(username: username, address: address, now: clock()) {
        case .failure(let throttled):
            throw AccountError.throttled(retryAfter: throttled.retryAfter)
        case .success(let started):
            attempt = started
        }
        let found = try await database.read { db -> (user: User, hash: String)? in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(User.columns), password_hash FROM users WHERE username = ?"),
                arguments: [username]
            ).map { (User(row: $0), $0["password_hash"]) }
        }
        guard let found else {
            // Same work as for a real account, so timing does not reveal which usernames exist.
            _ = try? await hasher.verify(password, against: hasher.decoyHash())
            throw AccountError.invalidCredentials
        }
        let (user, storedHash) = found
        guard (try? await hasher.verify(password, against: storedHash)) == true else {
            throw AccountError.invalidCredentials
        }
        await throttle.succeeded(attempt)
        if hasher.needsRehash(storedHash) {
            // Costs were raised since this hash was made: upgrade it now that we know the password.
            let upgraded = try await hasher.hash(password)
            let now = clock()
            try await database.writer.write { db in
                try db.execute(
                    sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?",
                    arguments: [upgraded, now, user.id, storedHash])
            }
        }
        return user
    }

    // MARK: - Reading

    /// The user with this id, or nil. Answered from memory for a few seconds after a lookup
    /// (every request of a signed-in visitor makes one), never across a change this process
    /// committed (see ``UserCache``).
    public func user(id: Int64) async throws -> User? {
        let generation: Int
        switch database.users.lookup(id) {
        case .hit(let user): return user
        case .miss(let current): generation = current
        }
        let user = try await database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(User.columns) FROM users WHERE id = ?"), arguments: [id])
                .map(User.init(row:))
        }
        if let user { database.users.store(user, generation: generation) }
        return user
    }

    /// The user with this username (any case), or nil.
    public func user(username: String) async throws -> User? {
        let username = AccountRules.normalize(username)
        return try await database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(User.columns) FROM users WHERE username = ?"), arguments: [username])
                .map(User.init(row:))
        }
    }

    // MARK: - Changing an account

    /// Renames the account after checking its password.
    ///
    /// - Throws: ``ValidationError`` on `newUsername` (rules, taken) or `currentPassword`;
    ///   ``AccountError/userNotFound``.
    public func changeUsername(userID: Int64, newUsername: String, currentPassword: String) async throws -> User {
        let newUsername = AccountRules.normalize(newUsername)
        var errors = ValidationError()
        AccountRules.checkUsername(newUsername, field: "newUsername", into: &errors)
        try errors.throwIfAny()
        _ = try await verifyCurrentPassword(userID: userID, currentPassword)
        let now = clock()
        do {
            return try await database.writer.write { db in
                try db.execute(
                    sql: "UPDATE users SET username = ?, updated_at = ? WHERE id = ?",
                    arguments: [newUsername, now, userID])
                guard let row = try Row.fetchOne(db, sql: "SELECT \(User.columns) FROM users WHERE id = ?", arguments: [userID])
                else { throw AccountError.userNotFound }
                return User(row: row)
            }
        } catch let error as DatabaseError where error.isUniquenessViolation && error.mentions("users.username") {
            throw ValidationError(field: "newUsername", "That username is taken.")
        }
    }

    /// Sets a new password after checking the current one, and bumps the session version so
    /// every other session of the account is signed out.
    ///
    /// - Throws: ``ValidationError`` on `currentPassword`, `newPassword` or `confirmation`;
    ///   ``AccountError/userNotFound``.
    public func changePassword(
        userID: Int64, currentPassword: String, newPassword: String, confirmation: String
    ) async throws -> User {
        var errors = ValidationError()
        AccountRules.checkPassword(newPassword, field: "newPassword", into: &errors)
        AccountRules.checkConfirmation(confirmation, matches: newPassword, field: "confirmation", into: &errors)
        try errors.throwIfAny()
        let oldHash = try await verifyCurrentPassword(userID: userID, currentPassword)
        let newHash = try await hasher.hash(newPassword)
        let now = clock()
        return try await database.writer.write { db in
            // `password_hash = old` keeps a concurrent change from being silently overwritten.
            try db.execute(
                sql: """
                    UPDATE users SET password_hash = ?, session_version = session_version + 1, updated_at = ?
                    WHERE id = ? AND password_hash = ?
                    """,
                arguments: [newHash, now, userID, oldHash])
            guard db.changesCount == 1 else {
                throw ValidationError(field: "currentPassword", "Your password was just changed elsewhere; sign in again.")
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT \(User.columns) FROM users WHERE id = ?", arguments: [userID])
            else { throw AccountError.userNotFound }
            return User(row: row)
        }
    }

    /// Returns the stored hash when `password` is the user's password.
    private func verifyCurrentPassword(userID: Int64, _ password: String) async throws -> String {
        let stored = try await database.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE id = ?", arguments: [userID])
        }
        guard let stored else { throw AccountError.userNotFound }
        guard (try? await hasher.verify(password, against: stored)) == true else {
            throw ValidationError(field: "currentPassword", "That is not your current password.")
        }
        return stored
    }
}

extension AccountError {
    /// A sentence for the log-in page.
    public var message: String {
        switch self {
        case .invalidCredentials:
            "Wrong username or password."
        case .throttled(let seconds):
            "Too many failed attempts. Try again in \(seconds) second\(seconds == 1 ? "" : "s")."
        case .userNotFound:
            "This account no longer exists."
        }
    }
}
