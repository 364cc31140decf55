import Foundation
import GRDB
import Testing
@testable import Cinema

struct AdminUsersTests {
    @Test func listSearchesUsernamesAndAddressesAndFiltersByRole() async throws {
        let cinema = try await AdminFixture.make()
        let ada = try await cinema.customer("ada")
        _ = try await cinema.customer("bob_smith")
        _ = try await cinema.user("carol", role: .staff)
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1"])

        let all = try await cinema.users.users(AdminUserQuery(), now: cinema.now)
        #expect(all.items.map(\.user.username) == ["ada", "bob_smith", "boss", "carol"])
        #expect(all.total == 4)
        #expect(all.adminCount == 1)
        #expect(all.items[0].bookings == 1)
        #expect(all.items[0].upcomingBookings == 1)
        #expect(try await cinema.users.users(AdminUserQuery(search: "B_S"), now: cinema.now).items.map(\.user.username) == ["bob_smith"])
        #expect(try await cinema.users.users(AdminUserQuery(search: "carol@EXAMPLE"), now: cinema.now).items.map(\.user.username) == ["carol"])
        #expect(try await cinema.users.users(AdminUserQuery(search: "%"), now: cinema.now).items.isEmpty)
        let staff = try await cinema.users.users(AdminUserQuery(role: .staff), now: cinema.now)
        #expect(staff.items.map(\.user.username) == ["carol"])
        #expect(staff.total == 1)
        let page = try await cinema.users.users(AdminUserQuery(page: 2, perPage: 3), now: cinema.now)
        #expect(page.items.map(\.user.username) == ["carol"])
        #expect(page.pageCount == 2)
    }

    @Test func changingARoleBumpsTheSessionVersionAndAudits() async throws {
        let cinema = try await AdminFixture.make()
        let carol = try await cinema.customer("carol")
        let promoted = try await cinema.users.changeRole(userID: carol.id, to: .staff, actor: cinema.admin.id, now: cinema.now)
        #expect(promoted.role == .staff)
        #expect(promoted.sessionVersion == carol.sessionVersion + 1)
        let stored = try #require(try await Accounts(database: cinema.database, settings: cinema.settings).user(id: carol.id))
        #expect(stored == promoted)
        let entry = try #require(try await cinema.audit.recent(entity: .user, entityID: carol.id).first)
        #expect(entry.action == "role")
        #expect(entry.details == "carol: customer → staff")
        // The same role again changes nothing.
        let same = try await cinema.users.changeRole(userID: carol.id, to: .staff, actor: cinema.admin.id, now: cinema.now)
        #expect(same.sessionVersion == promoted.sessionVersion)
        #expect(try await cinema.audit.recent(entity: .user).count == 1)
        await #expect(throws: AdminError.notFound(.user)) {
            _ = try await cinema.users.changeRole(userID: 404, to: .staff, actor: cinema.admin.id, now: cinema.now)
        }
    }

    @Test func theLastAdminCannotBeDemoted() async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(AdminError.self) {
            _ = try await cinema.users.changeRole(userID: cinema.admin.id, to: .customer, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error == .lastAdmin)
        #expect(error.message == "This is the only admin account: make someone else an admin first.")
        #expect(try await Accounts(database: cinema.database, settings: cinema.settings).user(id: cinema.admin.id)?.role == .admin)

        // With a second admin, one of them may step down; then the other is the last again.
        let second = try await cinema.user("deputy", role: .admin)
        _ = try await cinema.users.changeRole(userID: cinema.admin.id, to: .staff, actor: cinema.admin.id, now: cinema.now)
        await #expect(throws: AdminError.lastAdmin) {
            _ = try await cinema.users.changeRole(userID: second.id, to: .customer, actor: second.id, now: cinema.now)
        }
        // The demoted admin can no longer act as one.
        await #expect(throws: AdminError.notAuthorized) {
            _ = try await cinema.users.changeRole(userID: second.id, to: .customer, actor: cinema.admin.id, now: cinema.now)
        }
    }

    @Test func twoAdminsSteppingDownAtOnceLeaveOneAdmin() async throws {
        // Each checks the admin count inside its own write transaction, so whichever commits
        // second sees one admin left and is refused.
        for _ in 0..<5 {
            let cinema = try await AdminFixture.make()
            let deputy = try await cinema.user("deputy", role: .admin)
            async let first = outcome {
                try await cinema.users.changeRole(userID: cinema.admin.id, to: .staff, actor: cinema.admin.id, now: cinema.now)
            }
            async let second = outcome {
                try await cinema.users.changeRole(userID: deputy.id, to: .staff, actor: deputy.id, now: cinema.now)
            }
            let results = await [first, second]
            #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
            let failures = results.compactMap { if case .failure(let error) = $0 { error as? AdminError } else { nil } }
            #expect(failures == [.lastAdmin])
            #expect(try await cinema.count("SELECT COUNT(*) FROM users WHERE role = 'admin'") == 1)
        }
    }

    @Test func oneUserWithTheirReservations() async throws {
        let cinema = try await AdminFixture.make()
        let ada = try await cinema.customer("ada")
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ticket = try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1"])
        let row = try #require(try await cinema.users.user(id: ada.id, now: cinema.now))
        #expect((row.user.id, row.user.username, row.user.role) == (ada.id, "ada", .customer))
        #expect((row.bookings, row.upcomingBookings) == (1, 1))
        #expect(try await cinema.users.reservations(userID: ada.id).items.map(\.code) == [ticket.code])
        #expect(try await cinema.users.user(id: 404, now: cinema.now) == nil)
    }
}

/// What `body` returned or threw.
func outcome<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
