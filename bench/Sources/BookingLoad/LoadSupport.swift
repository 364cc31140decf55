import BrowserKit
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// What every mode needs: where the server is, the event loops, and how to fail.
struct LoadContext: Sendable {
    var address: Address
    var group: any EventLoopGroup
    /// A tag that makes this run's usernames unique, so runs can share a database.
    var runTag: String

    /// Opens a connection and runs `body` on it.
    func connected<Result>(_ body: (inout Connection) async throws -> Result) async throws -> Result {
        try await Connection.open(to: address, on: group, body)
    }
}

/// A failure that ends the run, with a message for the terminal.
struct LoadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A signed-in moviegoer the load generator plays.
struct LoadUser: Sendable {
    var username: String
    /// The session, CSRF and flash cookies, as the server set them.
    var cookies: [String: String]
}

extension LoadContext {
    /// Signs up `count` users through the real form (GET /signup for the token, POST
    /// /signup), at most `concurrency` at a time. Sign-up hashes each password with scrypt,
    /// so this is slow by design and never part of a timed window.
    func signUpUsers(count: Int, concurrency: Int) async throws -> [LoadUser] {
        let next = NIOLockedValueBox(0)
        let tag = runTag
        let context = self
        return try await withThrowingTaskGroup(of: [(Int, LoadUser)].self) { group in
            for _ in 0..<max(1, min(concurrency, count)) {
                group.addTask {
                    var made: [(Int, LoadUser)] = []
                    while true {
                        let index = next.withLockedValue { value -> Int in
                            defer { value += 1 }
                            return value
                        }
                        guard index < count else { break }
                        let user = try await context.signUp(username: "load_\(tag)_\(index)")
                        made.append((index, user))
                    }
                    return made
                }
            }
            var users: [(Int, LoadUser)] = []
            for try await made in group { users += made }
            return users.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Signs up one user and returns it signed in.
    func signUp(username: String) async throws -> LoadUser {
        try await connected { connection in
            var browser = Browser()
            let form = try await browser.get("/signup", on: &connection)
            guard form.status == .ok, let token = PageScraper.csrfToken(in: form.body) else {
                throw LoadError("GET /signup answered \(form.status.code) without a CSRF token")
            }
            let password = "correct horse \(username)"
            let reply = try await browser.post("/signup", form: [
                ("_csrf", token), ("username", username), ("email", "\(username)@example.test"),
                ("password", password), ("passwordConfirmation", password), ("next", "/movies"),
            ], on: &connection)
            guard reply.status == .seeOther, browser.cookies["marquee_session"] != nil else {
                throw LoadError("POST /signup for \(username) answered \(reply.status.code), not a 303 with a session cookie")
            }
            return LoadUser(username: username, cookies: browser.cookies)
        }
    }

    /// The showtimes listed from tomorrow on, for `days` days (today's are left out: one
    /// may start, and stop being bookable, in the middle of a run).
    func upcomingShowtimes(days: Int) async throws -> [Int64] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let today = calendar.startOfDay(for: Date())
        guard let from = calendar.date(byAdding: .day, value: 1, to: today),
              let to = calendar.date(byAdding: .day, value: max(1, days), to: today)
        else { throw LoadError("cannot compute the date range") }
        let path = "/showtimes?from=\(formatter.string(from: from))&to=\(formatter.string(from: to))"
        return try await connected { connection in
            var browser = Browser()
            let page = try await browser.get(path, on: &connection)
            guard page.status == .ok else { throw LoadError("GET \(path) answered \(page.status.code)") }
            return PageScraper.showtimeIDs(in: page.body)
        }
    }

    /// The seats of each showtime's seat map, as an anonymous visitor sees them, read over
    /// `concurrency` connections.
    /// - Parameter user: who looks (a signed-in visitor always sees the live seat map; an
    ///   anonymous one may get a copy up to a second old from the server's page cache).
    func seatMaps(of showtimes: [Int64], concurrency: Int, as user: LoadUser? = nil) async throws -> [Int64: [PageScraper.SeatInput]] {
        let next = NIOLockedValueBox(0)
        let context = self
        return try await withThrowingTaskGroup(of: [(Int64, [PageScraper.SeatInput])].self) { group in
            for _ in 0..<max(1, min(concurrency, showtimes.count)) {
                group.addTask {
                    try await context.connected { connection in
                        var browser = user.map { Browser(user: $0) } ?? Browser()
                        var maps: [(Int64, [PageScraper.SeatInput])] = []
                        while true {
                            let index = next.withLockedValue { value -> Int in
                                defer { value += 1 }
                                return value
                            }
                            guard index < showtimes.count else { break }
                            let id = showtimes[index]
                            let page = try await browser.get("/showtimes/\(id)", on: &connection)
                            guard page.status == .ok else { throw LoadError("GET /showtimes/\(id) answered \(page.status.code)") }
                            maps.append((id, PageScraper.seats(in: page.body)))
                        }
                        return maps
                    }
                }
            }
            var all: [Int64: [PageScraper.SeatInput]] = [:]
            for try await maps in group {
                for (id, seats) in maps { all[id] = seats }
            }
            return all
        }
    }
}

extension Browser {
    /// A browser carrying a signed-in user's cookies.
    init(user: LoadUser) {
        self.init()
        for (name, value) in user.cookies { setCookie(name, value) }
    }
}

/// Lets a group of tasks start together: each arrives when ready, and all go once the
/// last has arrived (or withdrawn because it failed).
actor StartLine {
    private var expected: Int
    private var waiting: [CheckedContinuation<ContinuousClock.Instant, Never>] = []
    private var startedAt: ContinuousClock.Instant?

    private let onOpen: @Sendable () -> Void

    /// - Parameter onOpen: called once, the moment everyone has arrived.
    init(expected: Int, onOpen: @escaping @Sendable () -> Void = {}) {
        self.expected = expected
        self.onOpen = onOpen
    }

    /// Waits until everyone has arrived; returns the moment the start line opened.
    func arrive() async -> ContinuousClock.Instant {
        if let startedAt { return startedAt }
        return await withCheckedContinuation { continuation in
            waiting.append(continuation)
            openIfComplete()
        }
    }

    /// Someone who will never arrive (it failed while getting ready).
    func withdraw() {
        expected -= 1
        openIfComplete()
    }

    /// When the start line opened, if it has.
    var openedAt: ContinuousClock.Instant? { startedAt }

    private func openIfComplete() {
        guard startedAt == nil, waiting.count >= expected, !waiting.isEmpty else { return }
        let now = ContinuousClock.now
        startedAt = now
        onOpen()
        for continuation in waiting { continuation.resume(returning: now) }
        waiting = []
    }
}

/// Latency percentiles over a set of durations.
struct Percentiles {
    private let sorted: [Duration]

    init(_ samples: [Duration]) { sorted = samples.sorted() }

    /// The `p`-th percentile (0...100) in milliseconds, or 0 without samples.
    func milliseconds(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(sorted.count - 1, max(0, rank))].milliseconds
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    var seconds: Double { milliseconds / 1000 }
}

/// Counts of things by name, printed sorted.
struct Tally {
    private(set) var counts: [String: Int] = [:]

    mutating func add(_ name: String, _ count: Int = 1) { counts[name, default: 0] += count }

    mutating func merge(_ other: Tally) {
        for (name, count) in other.counts { add(name, count) }
    }

    var total: Int { counts.values.reduce(0, +) }

    var summary: String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

/// CPU time of another process, from Linux's /proc.
enum ProcessCPU {
    /// User plus system time of `pid` in seconds, or nil where /proc is not available.
    static func seconds(pid: Int) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name; utime and stime are the 14th and 15th of the line.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// The whole machine's CPU time split (Linux `/proc/stat`), to tell how much of a run the
/// hypervisor gave to other guests: on a shared virtual machine, "steal" time makes the
/// same build measure a third slower from one minute to the next.
struct MachineCPU {
    var busy: Double
    var idle: Double
    var steal: Double

    /// Ticks spent so far, or nil where /proc is not available.
    static func now() -> MachineCPU? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        // user nice system idle iowait irq softirq steal
        let ticks = line.split(separator: " ").dropFirst().prefix(8).compactMap { Double($0) }
        guard ticks.count == 8 else { return nil }
        return MachineCPU(
            busy: ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6], idle: ticks[3] + ticks[4], steal: ticks[7])
    }

    /// Percent of the time between `start` and `self` that was stolen and that was idle.
    func percentages(since start: MachineCPU) -> (steal: Double, idle: Double) {
        let total = (busy - start.busy) + (idle - start.idle) + (steal - start.steal)
        guard total > 0 else { return (0, 0) }
        return (100 * (steal - start.steal) / total, 100 * (idle - start.idle) / total)
    }
}
