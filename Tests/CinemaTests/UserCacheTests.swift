import Foundation
import GRDB
import Testing
@testable import Cinema

/// The signed-in user comes from memory, but never from before a change this process made,
/// and a change made elsewhere shows within the cache's lifetime.
struct UserCacheTests {
    @Test func changesCommittedHereShowOnTheNextLookup() async throws {
        let fixture = try await AdminFixture.make()
        let accounts = Accounts(database: fixture.database, settings: fixture.settings)
        let customer = try await accounts.createUser(
            username: "casual", email: "casual@example.com", password: "popcorn-and-soda", role: .customer)
        #expect(try await accounts.user(id: customer.id)?.role == .customer)
        #expect(try await accounts.user(id: customer.id)?.role == .customer)  // from memory now

        _ = try await fixture.users.changeRole(userID: customer.id, to: .staff, actor: fixture.admin.id, now: fixture.now)
        #expect(try await accounts.user(id: customer.id)?.role == .staff)

        // A password change bumps the session version, which revokes other sessions.
        let before = try #require(try await accounts.user(id: customer.id)).sessionVersion
        _ = try await accounts.changePassword(
            userID: customer.id, currentPassword: "popcorn-and-soda", newPassword: "butter-and-salt", confirmation: "butter-and-salt")
        #expect(try await accounts.user(id: customer.id)?.sessionVersion == before + 1)

        // Any write through the database, whoever makes it.
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE users SET email = 'new@example.com' WHERE id = ?", arguments: [customer.id])
        }
        #expect(try await accounts.user(id: customer.id)?.email == "new@example.com")
    }

    @Test func aRolledBackChangeIsNeverSeen() async throws {
        let fixture = try await AdminFixture.make()
        let accounts = Accounts(database: fixture.database, settings: fixture.settings)
        #expect(try await accounts.user(id: fixture.admin.id)?.role == .admin)
        struct Rollback: Error {}
        await #expect(throws: Rollback.self) {
            try await fixture.database.writer.write { db in
                try db.execute(sql: "UPDATE users SET role = 'customer' WHERE id = ?", arguments: [fixture.admin.id])
                throw Rollback()
            }
        }
        #expect(try await accounts.user(id: fixture.admin.id)?.role == .admin)
    }

    @Test func anotherProcessesChangeShowsWithinTheLifetime() async throws {
        let fixture = try await AdminFixture.make()
        let accounts = Accounts(database: fixture.database, settings: fixture.settings)
        #expect(try await accounts.user(id: fixture.admin.id)?.role == .admin)
        // Another connection to the file, as the command line or another process would open.
        let other = try DatabaseQueue(path: try #require(fixture.database.path))
        try await other.write { db in
            try db.execute(sql: "UPDATE users SET role = 'staff' WHERE id = ?", arguments: [fixture.admin.id])
        }
        // Not seen by this process's observer: still the kept copy…
        #expect(try await accounts.user(id: fixture.admin.id)?.role == .admin)
        // …until it expires.
        fixture.database.users.invalidate()  // what the lifetime running out amounts to
        #expect(try await accounts.user(id: fixture.admin.id)?.role == .staff)
    }

    @Test func aLookupThatRacedACommitIsNotKept() {
        let cache = UserCache()
        let user = User(id: 7, username: "racer", email: "r@example.com", role: .customer, sessionVersion: 1, createdAt: Date())
        guard case .miss(let generation) = cache.lookup(7) else { Issue.record("a hit in an empty cache"); return }
        cache.invalidate()  // a commit to users while the lookup read the database
        cache.store(user, generation: generation)
        guard case .miss = cache.lookup(7) else { Issue.record("kept a user read before the commit"); return }

        guard case .miss(let fresh) = cache.lookup(7) else { return }
        cache.store(user, generation: fresh)
        guard case .hit(let kept) = cache.lookup(7) else { Issue.record("not kept"); return }
        #expect(kept == user)
        guard case .miss = cache.lookup(7, now: .now + cache.lifetime + .seconds(1)) else {
            Issue.record("kept past its lifetime"); return
        }
    }
}
