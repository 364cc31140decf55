import Foundation
import GRDB
import Testing
@testable import Cinema

struct AuditLogTests {
    @Test func entriesAreNewestFirstWithTheActorAndFilterable() async throws {
        let cinema = try await AdminFixture.make()
        let deputy = try await cinema.user("deputy", role: .admin)
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        try await cinema.catalog.archive(id: movie, actor: deputy.id, now: cinema.now.addingTimeInterval(60))

        let all = try await cinema.audit.recent()
        #expect(all.map(\.action) == ["archive", "create", "create"])
        #expect(all.map(\.entity) == ["movie", "movie", "hall"])
        #expect(all.map(\.username) == ["deputy", "boss", "boss"])
        #expect(all[0].entityID == movie)
        #expect(all[0].createdAt == cinema.now.addingTimeInterval(60))
        #expect(all[2].entityID == hall)
        #expect(try await cinema.audit.recent(limit: 1).count == 1)
        #expect(try await cinema.audit.recent(entity: .hall).map(\.entityID) == [hall])
        #expect(try await cinema.audit.recent(actor: deputy.id).map(\.action) == ["archive"])
    }

    @Test func aRefusedOperationLeavesNoEntry() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        _ = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let before = try await cinema.audit.recent().count
        await #expect(throws: ValidationError.self) {
            _ = try await cinema.showtime(movie, hall, at: "2025-06-03 18:30")
        }
        await #expect(throws: AdminError.lastAdmin) {
            _ = try await cinema.users.changeRole(userID: cinema.admin.id, to: .staff, actor: cinema.admin.id, now: cinema.now)
        }
        #expect(try await cinema.audit.recent().count == before)
    }
}
