import BrowserKit
import Foundation
import NIOHTTP1

/// The contention run: many signed-in users want the same few seats of one showtime at the
/// same moment. Exactly one hold may win; everyone else must get the seat map back with 409
/// and the words "just taken"; after the winner confirms, the seat map must show exactly
/// those seats gone.
struct Contention {
    struct Options {
        var users = 200
        var seats = 4
        var rounds = 5
        var days = 13
        var signUpConcurrency = 8
        /// One showtime for every round; by default each round takes another one.
        var showtimeID: Int64?
        /// A file created once the users are signed up and the first round begins.
        var readyFile: String?
    }

    /// What one user saw when it posted its hold.
    struct Attempt: Sendable {
        var status: HTTPResponseStatus
        var location: String?
        var saidJustTaken: Bool
        /// For the winner: whether the confirmation went through.
        var confirmed: Bool?
        var error: String?
    }

    let context: LoadContext
    let options: Options

    func run() async throws -> Bool {
        let showtimes: [Int64]
        if let id = options.showtimeID {
            showtimes = [id]
        } else {
            // From the far end of the schedule, away from the storm's first bookings.
            showtimes = try await context.upcomingShowtimes(days: options.days).reversed()
        }
        guard !showtimes.isEmpty else { throw LoadError("no upcoming showtimes from tomorrow on") }
        print("contention: signing up \(options.users) users (scrypt; not timed) …")
        let signUpStart = ContinuousClock.now
        let users = try await context.signUpUsers(count: options.users, concurrency: options.signUpConcurrency)
        print("contention: signed up \(users.count) users in \(format(ContinuousClock.now - signUpStart))")

        if let readyFile = options.readyFile { _ = FileManager.default.createFile(atPath: readyFile, contents: Data()) }
        var passed = 0
        var rounds = 0
        var candidates = showtimes.makeIterator()
        var showtimeID = candidates.next()
        while rounds < options.rounds, let id = showtimeID {
            // As a signed-in user: the live seat map, never the page cache's copy.
            let before = try await context.seatMaps(of: [id], concurrency: 1, as: users.first)[id] ?? []
            let free = before.filter(\.isFree).map(\.id)
            guard free.count >= options.seats else {
                if options.showtimeID != nil { throw LoadError("showtime \(id) has fewer than \(options.seats) free seats") }
                showtimeID = candidates.next()
                continue
            }
            rounds += 1
            // Seats from the middle of the house, where everyone wants to sit.
            let first = (free.count - options.seats) / 2
            let wanted = Array(free[first..<(first + options.seats)])
            if try await round(rounds, showtimeID: id, seats: wanted, freeBefore: Set(free), users: users) {
                passed += 1
            }
            if options.showtimeID == nil { showtimeID = candidates.next() }
        }
        print("RESULT contention rounds=\(rounds) passed=\(passed) users=\(users.count) seats=\(options.seats)")
        return rounds == options.rounds && passed == rounds
    }

    /// One round; true when everything came out exactly right.
    private func round(_ number: Int, showtimeID: Int64, seats: [Int64], freeBefore: Set<Int64>, users: [LoadUser]) async throws -> Bool {
        let start = StartLine(expected: users.count)
        let context = context
        let began = ContinuousClock.now
        let attempts = await withTaskGroup(of: Attempt.self) { group in
            for user in users {
                group.addTask { await Self.attempt(as: user, showtimeID: showtimeID, seats: seats, start: start, context: context) }
            }
            var all: [Attempt] = []
            for await attempt in group { all.append(attempt) }
            return all
        }
        let elapsed = ContinuousClock.now - began

        var problems: [String] = []
        let winners = attempts.filter { $0.status == .seeOther && $0.location?.hasPrefix("/checkout/") == true }
        let toldTaken = attempts.filter { $0.status == .conflict && $0.saidJustTaken }
        var others = Tally()
        for attempt in attempts where !(attempt.status == .seeOther && attempt.location?.hasPrefix("/checkout/") == true)
            && !(attempt.status == .conflict && attempt.saidJustTaken) {
            others.add(attempt.error ?? "\(attempt.status.code)\(attempt.status == .conflict ? "-without-just-taken" : "")")
        }
        if winners.count != 1 { problems.append("\(winners.count) holds won, expected exactly 1") }
        if toldTaken.count != users.count - 1 { problems.append("\(toldTaken.count) users told \"just taken\", expected \(users.count - 1)") }
        if others.total > 0 { problems.append("other answers: \(others.summary)") }
        if winners.count == 1, winners[0].confirmed != true { problems.append("the winner could not confirm") }

        // The live seat map (signed in, so not a cached copy): exactly the wanted seats are gone.
        let after = try await context.seatMaps(of: [showtimeID], concurrency: 1, as: users.first)[showtimeID] ?? []
        let freeAfter = Set(after.filter(\.isFree).map(\.id))
        let expected = freeBefore.subtracting(seats)
        if freeAfter != expected {
            let sold = freeBefore.subtracting(freeAfter)
            problems.append("seat map shows \(sold.count) seats gone (\(sold.sorted())), expected \(seats)")
        }

        let verdict = problems.isEmpty ? "ok" : "FAILED: " + problems.joined(separator: "; ")
        print("""
            contention round \(number): showtime \(showtimeID), seats \(seats): \(winners.count) won, \
            \(toldTaken.count) told "just taken", in \(format(elapsed)): \(verdict)
            """)
        return problems.isEmpty
    }

    /// One user: fetch the seat map (for the token), wait for everyone, post the hold; the
    /// winner goes on to confirm.
    private static func attempt(as user: LoadUser, showtimeID: Int64, seats: [Int64], start: StartLine, context: LoadContext) async -> Attempt {
        var browser = Browser(user: user)
        var arrived = false
        do {
            return try await context.connected { connection in
                let map = try await browser.get("/showtimes/\(showtimeID)", on: &connection)
                guard map.status == .ok, let token = PageScraper.csrfToken(in: map.body) else {
                    throw LoadError("seat map answered \(map.status.code)")
                }
                arrived = true
                _ = await start.arrive()
                let hold = try await browser.post(
                    "/showtimes/\(showtimeID)/hold", form: [("_csrf", token)] + seats.map { ("seat", String($0)) }, on: &connection)
                var attempt = Attempt(
                    status: hold.status, location: hold.location,
                    saidJustTaken: hold.status == .conflict && PageScraper.contains("just taken", in: hold.body))
                if hold.status == .seeOther, let checkoutPath = hold.location, checkoutPath.hasPrefix("/checkout/") {
                    let checkout = try await browser.get(checkoutPath, on: &connection)
                    guard checkout.status == .ok, let checkoutToken = PageScraper.csrfToken(in: checkout.body) else {
                        attempt.confirmed = false
                        return attempt
                    }
                    let confirm = try await browser.post("\(checkoutPath)/confirm", form: [("_csrf", checkoutToken)], on: &connection)
                    attempt.confirmed = confirm.status == .seeOther && confirm.location?.hasPrefix("/reservations/") == true
                }
                return attempt
            }
        } catch {
            if !arrived { await start.withdraw() }
            return Attempt(status: .internalServerError, location: nil, saidJustTaken: false, error: "client-error: \(error)")
        }
    }
}
