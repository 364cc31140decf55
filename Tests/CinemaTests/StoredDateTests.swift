import Foundation
import GRDB
import Testing
@testable import Cinema

/// The hand-written date text is GRDB's, both ways, so rows written either way compare alike.
struct StoredDateTests {
    /// Dates from 1970 to 2100 with sub-millisecond parts, and a few edges.
    var samples: [Date] {
        var generator = SystemRandomNumberGenerator()
        var dates = (0..<20_000).map { _ in
            Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))
        }
        dates += [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.0009), Date(timeIntervalSince1970: 0.9999),
            Date(timeIntervalSince1970: 951_782_400), // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.999), // 2100-02-28 23:59:59.999
            Date(timeIntervalSince1970: -1.5), Date(timeIntervalSince1970: -86_400 * 365.25 * 20),
            Date(),
        ]
        return dates
    }

    @Test func writesTheTextGRDBWrites() {
        for date in samples {
            #expect(StoredDate(date).databaseValue == date.databaseValue, "\(date.timeIntervalSince1970)")
        }
    }

    @Test func readsTheDateGRDBReads() throws {
        for date in samples {
            let stored = date.databaseValue
            let ours = try #require(StoredDate.fromDatabaseValue(stored)?.date)
            let grdb = try #require(Date.fromDatabaseValue(stored))
            #expect(ours == grdb, "\(String(describing: stored)): \(ours.timeIntervalSince1970) vs \(grdb.timeIntervalSince1970)")
        }
    }

    @Test func leavesOtherShapesToGRDB() throws {
        #expect(StoredDate.parse("2000-12-31 23:59:59.999") == nil)
        #expect(StoredDate.parse("2001-01-04 16:05:57.416") == nil)  // GRDB reads 317157.41599999997
        #expect(StoredDate.parse("2002-01-01 00:00:00.000") == Date(timeIntervalSinceReferenceDate: 365 * 86_400))
        #expect(StoredDate.parse("2026-11-21 20:15") == nil)
        #expect(StoredDate.parse("2026-13-21 20:15:00.000") == nil)
        #expect(StoredDate.parse("2026-11-21T20:15:00.000") == nil)
        let short = try #require(StoredDate.fromDatabaseValue("2026-11-21 20:15".databaseValue))
        #expect(short.date == Date.fromDatabaseValue("2026-11-21 20:15".databaseValue))
        #expect(StoredDate.fromDatabaseValue(DatabaseValue.null) == nil)
    }
}
