import BrowserKit
import Foundation
import NIOConcurrencyHelpers
import NIOHTTP1

/// The booking storm: many signed-in users book distinct seats across many showtimes at
/// once, each through the real pages and forms, and we count confirmed reservations per
/// second.
///
/// One booking is four requests on the user's keep-alive connection: GET the seat map (for
/// the CSRF token), POST the hold, GET the checkout page it redirects to, POST the
/// confirmation. The free seats of the showtimes are cut into bookings up front and handed
/// out from one queue, so no two users ever want the same seat.
struct Storm {
    struct Options {
        var users = 64
        var seconds = 10.0
        var seatsPerBooking = 2
        /// How many days of showtimes (from tomorrow) to spread the bookings over.
        var days = 13
        var signUpConcurrency = 8
        /// A file created the moment the timed window opens (for a profiler to wait on).
        var readyFile: String?
        /// The server's process id, to report its CPU time per booking (Linux /proc).
        var serverPID: Int?
    }

    /// One booking's worth of work: some free seats of one showtime.
    struct Booking: Sendable {
        var showtimeID: Int64
        var seatIDs: [Int64]
    }

    /// What one user did in the timed window.
    struct UserResult: Sendable {
        var confirmed = 0
        var failures = Tally()
        var bookingTimes: [Duration] = []
        var holdTimes: [Duration] = []
        var confirmTimes: [Duration] = []
        var requests = 0
        var finishedAt: ContinuousClock.Instant?
    }

    let context: LoadContext
    let options: Options

    func run() async throws -> Bool {
        print("storm: finding showtimes and free seats …")
        let showtimes = try await context.upcomingShowtimes(days: options.days)
        guard !showtimes.isEmpty else { throw LoadError("no upcoming showtimes from tomorrow on") }
        let maps = try await context.seatMaps(of: showtimes, concurrency: 8)
        let work = Self.cut(showtimes: showtimes, maps: maps, seatsPerBooking: options.seatsPerBooking)
        print("storm: \(showtimes.count) showtimes, \(work.count) bookings of \(options.seatsPerBooking) seats on offer")

        print("storm: signing up \(options.users) users (scrypt; not timed) …")
        let signUpStart = ContinuousClock.now
        let users = try await context.signUpUsers(count: options.users, concurrency: options.signUpConcurrency)
        print("storm: signed up \(users.count) users in \(format(ContinuousClock.now - signUpStart))")

        let queue = NIOLockedValueBox(0)
        let readyFile = options.readyFile
        let serverPID = options.serverPID
        let cpuAtStart = NIOLockedValueBox<Double?>(nil)
        let ownCPUAtStart = NIOLockedValueBox<Double?>(nil)
        let machineAtStart = NIOLockedValueBox<MachineCPU?>(nil)
        let start = StartLine(expected: users.count) {
            cpuAtStart.withLockedValue { $0 = serverPID.flatMap(ProcessCPU.seconds(pid:)) }
            ownCPUAtStart.withLockedValue { $0 = ProcessCPU.seconds(pid: Int(getpid())) }
            machineAtStart.withLockedValue { $0 = MachineCPU.now() }
            if let readyFile { _ = FileManager.default.createFile(atPath: readyFile, contents: Data()) }
        }
        let context = context
        let seconds = options.seconds
        let results = await withTaskGroup(of: UserResult.self) { group in
            for user in users {
                group.addTask {
                    await Self.book(as: user, work: work, queue: queue, start: start, seconds: seconds, context: context)
                }
            }
            var all: [UserResult] = []
            for await result in group { all.append(result) }
            return all
        }

        let cpuAtEnd = serverPID.flatMap(ProcessCPU.seconds(pid:))
        let ownCPUAtEnd = ProcessCPU.seconds(pid: Int(getpid()))
        var steal = "?", idle = "?"
        if let before = machineAtStart.withLockedValue({ $0 }), let after = MachineCPU.now() {
            let split = after.percentages(since: before)
            (steal, idle) = (fixed(split.steal, 0), fixed(split.idle, 0))
        }
        guard let startedAt = await start.openedAt else { throw LoadError("no user got ready to book") }
        let endedAt = results.compactMap { $0.finishedAt }.max() ?? startedAt
        let elapsed = (endedAt - startedAt).seconds
        var failures = Tally()
        for result in results { failures.merge(result.failures) }
        let confirmed = results.reduce(0) { $0 + $1.confirmed }
        let requests = results.reduce(0) { $0 + $1.requests }
        let rate = elapsed > 0 ? Double(confirmed) / elapsed : 0
        let booking = Percentiles(results.flatMap { $0.bookingTimes })
        let hold = Percentiles(results.flatMap { $0.holdTimes })
        let confirm = Percentiles(results.flatMap { $0.confirmTimes })
        var serverCPU = "?", loadCPU = "?"
        if let before = cpuAtStart.withLockedValue({ $0 }), let cpuAtEnd, confirmed > 0 {
            serverCPU = fixed((cpuAtEnd - before) * 1000 / Double(confirmed), 2)
        }
        // This process shares the machine with the server: its CPU is time the server lacks.
        if let before = ownCPUAtStart.withLockedValue({ $0 }), let ownCPUAtEnd, confirmed > 0 {
            loadCPU = fixed((ownCPUAtEnd - before) * 1000 / Double(confirmed), 2)
        }
        print("""
            storm: \(confirmed) reservations confirmed in \(fixed(elapsed, 2)) s by \(users.count) users \
            = \(fixed(rate, 0)) confirmed/s (\(fixed(Double(requests) / max(elapsed, 0.001), 0)) requests/s)
            storm: whole booking (4 requests) p50 \(fixed(booking.milliseconds(50), 1)) ms, p99 \(fixed(booking.milliseconds(99), 1)) ms; \
            hold POST p50 \(fixed(hold.milliseconds(50), 1)) ms, p99 \(fixed(hold.milliseconds(99), 1)) ms; \
            confirm POST p50 \(fixed(confirm.milliseconds(50), 1)) ms, p99 \(fixed(confirm.milliseconds(99), 1)) ms
            storm: CPU per confirmed booking: server \(serverCPU) ms, this load generator \(loadCPU) ms; machine \(idle)% idle, \(steal)% stolen by the hypervisor
            storm: failures: \(failures.summary)
            """)
        print(
            "RESULT storm users=\(users.count) confirmed=\(confirmed) seconds=\(fixed(elapsed, 2)) rate=\(fixed(rate, 0))"
                + " failures=\(failures.total) booking_p50_ms=\(fixed(booking.milliseconds(50), 1)) booking_p99_ms=\(fixed(booking.milliseconds(99), 1))"
                + " hold_p99_ms=\(fixed(hold.milliseconds(99), 1)) confirm_p99_ms=\(fixed(confirm.milliseconds(99), 1))"
                + " server_cpu_ms_per_booking=\(serverCPU) load_cpu_ms_per_booking=\(loadCPU) idle_pct=\(idle) steal_pct=\(steal)"
        )
        if work.count <= confirmed + failures.total {
            print("storm: note: every booking on offer was used before the time was up; the window is shorter than asked")
        }
        return failures.total == 0 && confirmed > 0
    }

    /// Cuts the free seats of each showtime into bookings of `seatsPerBooking` neighbours in
    /// page order, interleaving showtimes so concurrent bookings spread over many of them.
    static func cut(showtimes: [Int64], maps: [Int64: [PageScraper.SeatInput]], seatsPerBooking: Int) -> [Booking] {
        let perShowtime: [[Booking]] = showtimes.map { id in
            let free = (maps[id] ?? []).filter(\.isFree).map(\.id)
            return stride(from: 0, to: free.count - seatsPerBooking + 1, by: seatsPerBooking).map {
                Booking(showtimeID: id, seatIDs: Array(free[$0..<($0 + seatsPerBooking)]))
            }
        }
        var work: [Booking] = []
        var round = 0
        while true {
            var added = false
            for index in perShowtime.indices where round < perShowtime[index].count {
                work.append(perShowtime[index][round])
                added = true
            }
            guard added else { break }
            round += 1
        }
        return work
    }

    /// One user's loop: take the next booking from the queue, go through the four pages,
    /// until the time is up or the queue is empty.
    private static func book(
        as user: LoadUser, work: [Booking], queue: NIOLockedValueBox<Int>, start: StartLine, seconds: Double,
        context: LoadContext
    ) async -> UserResult {
        var result = UserResult()
        var browser = Browser(user: user)
        var deadline: ContinuousClock.Instant?
        var done = false
        while !done {
            do {
                try await context.connected { connection in
                    if deadline == nil {
                        deadline = await start.arrive() + .milliseconds(Int64(seconds * 1000))
                    }
                    while let deadline, ContinuousClock.now < deadline {
                        let index = queue.withLockedValue { value -> Int in
                            defer { value += 1 }
                            return value
                        }
                        guard index < work.count else { break }
                        let began = ContinuousClock.now
                        do {
                            if let failure = try await bookOnce(work[index], browser: &browser, connection: &connection, result: &result) {
                                result.failures.add(failure)
                            } else {
                                result.confirmed += 1
                                result.bookingTimes.append(ContinuousClock.now - began)
                            }
                        } catch {
                            result.failures.add("connection-lost")
                        }
                        if connection.isClosed { return }
                    }
                    done = true
                }
            } catch {
                result.failures.add("connect-failed")
                done = true
            }
        }
        if deadline == nil { await start.withdraw() }
        result.finishedAt = ContinuousClock.now
        return result
    }

    /// One booking through the pages; nil when confirmed, else what went wrong.
    private static func bookOnce(
        _ booking: Booking, browser: inout Browser, connection: inout Connection, result: inout UserResult
    ) async throws -> String? {
        let seatMapPath = "/showtimes/\(booking.showtimeID)"
        let map = try await browser.get(seatMapPath, on: &connection)
        result.requests += 1
        guard map.status == .ok, let token = PageScraper.csrfToken(in: map.body) else { return "seatmap-\(map.status.code)" }

        var fields = [("_csrf", token)]
        fields += booking.seatIDs.map { ("seat", String($0)) }
        let holdStart = ContinuousClock.now
        let hold = try await browser.post("\(seatMapPath)/hold", form: fields, on: &connection)
        result.requests += 1
        result.holdTimes.append(ContinuousClock.now - holdStart)
        guard hold.status == .seeOther, let checkoutPath = hold.location, checkoutPath.hasPrefix("/checkout/") else {
            if hold.status == .conflict { return "hold-409-taken" }
            return "hold-\(hold.status.code)"
        }

        let checkout = try await browser.get(checkoutPath, on: &connection)
        result.requests += 1
        guard checkout.status == .ok, let checkoutToken = PageScraper.csrfToken(in: checkout.body) else {
            return "checkout-\(checkout.status.code)"
        }
        var confirmFields = [("_csrf", checkoutToken)]
        if PageScraper.contains(#"<option value="adult""#, in: checkout.body) {
            confirmFields += booking.seatIDs.map { ("ticket_\($0)", "adult") }
        }
        let confirmStart = ContinuousClock.now
        let confirm = try await browser.post("\(checkoutPath)/confirm", form: confirmFields, on: &connection)
        result.requests += 1
        result.confirmTimes.append(ContinuousClock.now - confirmStart)
        guard confirm.status == .seeOther, confirm.location?.hasPrefix("/reservations/") == true else {
            return "confirm-\(confirm.status.code)\(confirm.location.map { "-to-" + $0.prefix(12) } ?? "")"
        }
        return nil
    }
}

/// A number with a fixed count of decimals.
func fixed(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

func format(_ duration: Duration) -> String {
    "\(fixed(duration.seconds, 1)) s"
}
