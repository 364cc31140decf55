import Foundation
import GRDB
import Testing
@testable import Cinema

struct AccountsTests {
    struct SignUpCase: Sendable, CustomTestStringConvertible {
        var username = "moviegoer"
        var email = "goer@example.com"
        var password = "popcorn-lover"
        var confirmation = "popcorn-lover"
        var field: String
        var testDescription: String { "\(field): \(username) / \(email) / \(password) / \(confirmation)" }
    }

    static let invalidSignUps: [SignUpCase] = [
        SignUpCase(username: "", field: "username"),
        SignUpCase(username: "ab", field: "username"),
        SignUpCase(username: String(repeating: "a", count: 33), field: "username"),
        SignUpCase(username: "two words", field: "username"),
        SignUpCase(username: "émile", field: "username"),
        SignUpCase(username: "semi;colon", field: "username"),
        SignUpCase(email: "", field: "email"),
        SignUpCase(email: "no-at-sign", field: "email"),
        SignUpCase(email: "a@b", field: "email"),
        SignUpCase(email: "two@@example.com", field: "email"),
        SignUpCase(email: "sp ace@example.com", field: "email"),
        SignUpCase(password: "short", confirmation: "short", field: "password"),
        SignUpCase(confirmation: "popcorn-lover!", field: "passwordConfirmation"),
    ]

    @Test(arguments: invalidSignUps)
    func signUpRejectsEachFieldWithAMessage(_ input: SignUpCase) async throws {
        let fixture = try await Fixture.make()
        let error = await #expect(throws: ValidationError.self) {
            try await fixture.accounts.signUp(
                username: input.username, email: input.email, password: input.password,
                passwordConfirmation: input.confirmation)
        }
        #expect(error?.fields.keys.sorted() == [input.field])
        #expect(error?[input.field]?.isEmpty == false)
        #expect(try await fixture.count("users", where: "username = ?", [input.username]) == 0)
    }

    @Test func signUpReportsEveryBadFieldAtOnce() async throws {
        let fixture = try await Fixture.make()
        let error = await #expect(throws: ValidationError.self) {
            try await fixture.accounts.signUp(username: "x", email: "nope", password: "1234", passwordConfirmation: "4321")
        }
        #expect(error?.fields.keys.sorted() == ["email", "password", "passwordConfirmation", "username"])
    }

    @Test func signUpCreatesACustomerThatCanLogIn() async throws {
        let fixture = try await Fixture.make()
        let user = try await fixture.accounts.signUp(
            username: "  Ada.L-1_ ", email: "ada@example.com", password: "analytical", passwordConfirmation: "analytical")
        #expect(user.username == "Ada.L-1_")
        #expect(user.role == .customer)
        #expect(user.sessionVersion == 1)
        #expect(user.createdAt == fixture.now)
        let loggedIn = try await fixture.accounts.authenticate(username: "ada.l-1_", password: "analytical", address: "198.51.100.1")
        #expect(loggedIn == user)
        #expect(try await fixture.accounts.user(id: user.id) == user)
        #expect(try await fixture.accounts.user(username: "ADA.L-1_") == user)
        #expect(try await fixture.accounts.user(id: 9_999) == nil)
    }

    @Test(arguments: Storage.allCases)
    func usernamesAreUniqueRegardlessOfCase(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        _ = try await fixture.accounts.signUp(username: "Ada", email: "a@example.com", password: "password1", passwordConfirmation: "password1")
        let error = await #expect(throws: ValidationError.self) {
            try await fixture.accounts.signUp(username: "aDA", email: "b@example.com", password: "password2", passwordConfirmation: "password2")
        }
        #expect(error?["username"] == "That username is taken.")
        #expect(try await fixture.count("users", where: "username = 'ada'") == 1)
    }

    @Test func storedPasswordIsAnScryptHashWithItsParameters() async throws {
        let fixture = try await Fixture.make()
        let user = try await fixture.accounts.createUser(username: "boss", email: "boss@example.com", password: "correct horse", role: .admin)
        #expect(user.role == .admin)
        let stored = try await fixture.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE id = ?", arguments: [user.id])
        }
        let parts = try #require(stored).split(separator: "$")
        #expect(parts.count == 6)
        #expect(Array(parts.prefix(4)) == ["scrypt", "16", "8", "1"])
        #expect(Data(base64Encoded: String(parts[4]))?.count == 16)
        #expect(Data(base64Encoded: String(parts[5]))?.count == 32)
        #expect(!(stored ?? "").contains("correct horse"))
    }

    @Test func authenticateRejectsWrongPasswordAndUnknownUserAlike() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.accounts.createUser(username: "carol", email: "c@example.com", password: "right-password", role: .customer)
        await #expect(throws: AccountError.invalidCredentials) {
            try await fixture.accounts.authenticate(username: "carol", password: "wrong-password", address: "a")
        }
        await #expect(throws: AccountError.invalidCredentials) {
            try await fixture.accounts.authenticate(username: "nobody", password: "whatever1", address: "b")
        }
    }

    @Test func throttlesAUsernameAfterFiveFailuresAMinuteFromAnyAddress() async throws {
        let fixture = try await Fixture.make()
        let accounts = fixture.accounts
        _ = try await accounts.createUser(username: "dave", email: "d@example.com", password: "right-password", role: .customer)
        for attempt in 0..<5 {
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.authenticate(username: "dave", password: "guess-\(attempt)", address: "10.0.0.\(attempt)")
            }
            fixture.clock.advance(by: 5)
        }
        // 25 s after the first failure: even the right password waits 35 s more.
        await #expect(throws: AccountError.throttled(retryAfter: 35)) {
            try await accounts.authenticate(username: "DAVE", password: "right-password", address: "10.0.0.99")
        }
        fixture.clock.advance(by: 35)
        let user = try await accounts.authenticate(username: "dave", password: "right-password", address: "10.0.0.99")
        #expect(user.username == "dave")
    }

    /// Names longer than any account's count by their first 33 bytes, so the throttle
    /// never keeps a megabyte-long name; they are throttled together.
    @Test func namesLongerThanAnyAccountsAreThrottledByTheirStart() async throws {
        let accounts = try await Fixture.make().accounts
        let start = String(repeating: "x", count: 40)
        for attempt in 0..<5 {
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.authenticate(username: start + "a" + String(repeating: "y", count: 100_000), password: "guess", address: "10.1.0.\(attempt)")
            }
        }
        await #expect(throws: AccountError.throttled(retryAfter: 60)) {
            try await accounts.authenticate(username: start + "b", password: "guess", address: "10.1.0.99")
        }
        // A real name is not affected.
        await #expect(throws: AccountError.invalidCredentials) {
            try await accounts.authenticate(username: "x", password: "guess", address: "10.1.0.98")
        }
        // One character may be megabytes (a letter with combining marks): names are cut by
        // bytes, so such names are throttled by their start too.
        let marked = String(repeating: "z", count: 32) + String(repeating: "\u{0301}", count: 50_000)
        #expect(marked.count == 32)
        for attempt in 0..<5 {
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.authenticate(username: marked + String(repeating: "\u{0302}", count: attempt + 1), password: "guess", address: "10.2.0.\(attempt)")
            }
        }
        await #expect(throws: AccountError.throttled(retryAfter: 60)) {
            try await accounts.authenticate(username: marked, password: "guess", address: "10.2.0.99")
        }
    }

    @Test func throttlesAnAddressAfterFiveFailuresAMinuteForAnyUsername() async throws {
        let fixture = try await Fixture.make()
        let accounts = fixture.accounts
        _ = try await accounts.createUser(username: "erin", email: "e@example.com", password: "right-password", role: .customer)
        for attempt in 0..<5 {
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.authenticate(username: "someone\(attempt)", password: "guess", address: "203.0.113.7")
            }
        }
        await #expect(throws: AccountError.throttled(retryAfter: 60)) {
            try await accounts.authenticate(username: "erin", password: "right-password", address: "203.0.113.7")
        }
        // Another address is not affected.
        let user = try await accounts.authenticate(username: "erin", password: "right-password", address: "203.0.113.8")
        #expect(user.username == "erin")
        // The window slides: a minute later the address may try again.
        fixture.clock.advance(by: 60)
        _ = try await accounts.authenticate(username: "erin", password: "right-password", address: "203.0.113.7")
    }

    @Test func successForgivesTheUsernamesEarlierFailures() async throws {
        let fixture = try await Fixture.make()
        let accounts = fixture.accounts
        _ = try await accounts.createUser(username: "frank", email: "f@example.com", password: "right-password", role: .customer)
        for _ in 0..<4 {
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.authenticate(username: "frank", password: "nope-nope", address: "x\(UUID())")
            }
        }
        _ = try await accounts.authenticate(username: "frank", password: "right-password", address: "y")
        for _ in 0..<4 {
            await #expect(throws: AccountError.invalidCredentials) {
                try await accounts.authenticate(username: "frank", password: "nope-nope", address: "z\(UUID())")
            }
        }
        _ = try await accounts.authenticate(username: "frank", password: "right-password", address: "y")
    }

    @Test func concurrentGuessesCannotSlipPastTheLimit() async throws {
        let fixture = try await Fixture.make()
        let accounts = fixture.accounts
        _ = try await accounts.createUser(username: "gina", email: "g@example.com", password: "right-password", role: .customer)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        _ = try await accounts.authenticate(username: "gina", password: "wrong-\(index)", address: "a\(index)")
                        return "ok"
                    } catch AccountError.throttled {
                        return "throttled"
                    } catch {
                        return "invalid"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "invalid" }.count == 5)
        #expect(outcomes.filter { $0 == "throttled" }.count == 7)
    }

    @Test func changingThePasswordBumpsTheSessionVersion() async throws {
        let fixture = try await Fixture.make()
        let accounts = fixture.accounts
        let user = try await accounts.signUp(username: "hana", email: "h@example.com", password: "first-password", passwordConfirmation: "first-password")

        let wrong = await #expect(throws: ValidationError.self) {
            try await accounts.changePassword(userID: user.id, currentPassword: "not-it-at-all", newPassword: "second-password", confirmation: "second-password")
        }
        #expect(wrong?.fields.keys.sorted() == ["currentPassword"])

        let mismatch = await #expect(throws: ValidationError.self) {
            try await accounts.changePassword(userID: user.id, currentPassword: "first-password", newPassword: "second-password", confirmation: "other")
        }
        #expect(mismatch?.fields.keys.sorted() == ["confirmation"])

        let short = await #expect(throws: ValidationError.self) {
            try await accounts.changePassword(userID: user.id, currentPassword: "first-password", newPassword: "short", confirmation: "short")
        }
        #expect(short?.fields.keys.sorted() == ["newPassword"])

        let changed = try await accounts.changePassword(
            userID: user.id, currentPassword: "first-password", newPassword: "second-password", confirmation: "second-password")
        #expect(changed.sessionVersion == user.sessionVersion + 1)
        #expect(try await accounts.user(id: user.id)?.sessionVersion == 2)
        await #expect(throws: AccountError.invalidCredentials) {
            try await accounts.authenticate(username: "hana", password: "first-password", address: nil)
        }
        _ = try await accounts.authenticate(username: "hana", password: "second-password", address: nil)

        await #expect(throws: AccountError.userNotFound) {
            try await accounts.changePassword(userID: 12_345, currentPassword: "x", newPassword: "second-password", confirmation: "second-password")
        }
    }

    @Test func changingTheUsernameChecksPasswordRulesAndUniqueness() async throws {
        let fixture = try await Fixture.make()
        let accounts = fixture.accounts
        let ivan = try await accounts.signUp(username: "ivan", email: "i@example.com", password: "password-i", passwordConfirmation: "password-i")
        _ = try await accounts.signUp(username: "judy", email: "j@example.com", password: "password-j", passwordConfirmation: "password-j")

        let taken = await #expect(throws: ValidationError.self) {
            try await accounts.changeUsername(userID: ivan.id, newUsername: "JUDY", currentPassword: "password-i")
        }
        #expect(taken?["newUsername"] == "That username is taken.")
        let badPassword = await #expect(throws: ValidationError.self) {
            try await accounts.changeUsername(userID: ivan.id, newUsername: "ivan2", currentPassword: "password-j")
        }
        #expect(badPassword?.fields.keys.sorted() == ["currentPassword"])
        let badName = await #expect(throws: ValidationError.self) {
            try await accounts.changeUsername(userID: ivan.id, newUsername: "i v", currentPassword: "password-i")
        }
        #expect(badName?.fields.keys.sorted() == ["newUsername"])

        let renamed = try await accounts.changeUsername(userID: ivan.id, newUsername: "Ivan_The_Great", currentPassword: "password-i")
        #expect(renamed.username == "Ivan_The_Great")
        #expect(renamed.sessionVersion == ivan.sessionVersion)
        _ = try await accounts.authenticate(username: "ivan_the_great", password: "password-i", address: nil)
    }

    @Test func loginUpgradesAHashMadeWithOlderParameters() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.accounts.createUser(username: "kim", email: "k@example.com", password: "password-k", role: .staff)
        var stronger = fixture.settings
        stronger.scryptCost = ScryptCost(rounds: 1 << 5, blockSize: 8, parallelism: 1)
        let upgraded = Accounts(database: fixture.database, settings: stronger, clock: fixture.clock.closure)
        _ = try await upgraded.authenticate(username: "kim", password: "password-k", address: nil)
        let stored = try await fixture.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE username = 'kim'")
        }
        #expect(stored?.hasPrefix("scrypt$32$8$1$") == true)
        _ = try await upgraded.authenticate(username: "kim", password: "password-k", address: nil)
    }
}
