// The booking path's four requests in process, one booking at a time, in CPU time per
// request: what the booking storm (BookingLoad) costs the server without sockets, HTTP
// parsing or a load generator beside it.
//
//   swift run -c release BookingBench [bookings]
//
// It seeds the demo cinema into a temporary folder, signs up one user, then books
// `bookings` pairs of free seats spread over the coming showtimes: GET the seat map, POST
// the hold, GET the checkout page, POST the confirmation, each through MarqueeApp's router.
import BrowserKit
import Cinema
import Foundation
import HTTPCore
import Logging
import NIOCore
import NIOHTTP1
import Web

#if canImport(Glibc)
import Glibc
#endif

let bookings = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 2_000 : 2_000

func processCPU() -> Double {
    // The whole process: GRDB runs its work on its own threads.
    Double(clock()) * 1e6 / Double(CLOCKS_PER_SEC)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A browser in front of the router: BrowserKit's cookie jar and form encoding, no sockets.
@MainActor final class InProcessBrowser {
    let responder: RouterResponder
    var jar = CookieJar()

    init(router: Router) { self.responder = router.makeResponder(logger: Logger(label: "bench")) }

    func send(_ method: HTTPMethod, _ path: String, form: [(String, String)]? = nil) async -> (Response, [UInt8]) {
        var headers = HTTPHeaders()
        if let cookie = jar.header { headers.add(name: "Cookie", value: cookie) }
        var body = ByteBuffer()
        if let form {
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            body = ByteBuffer(bytes: FormEncoding.encode(form))
            headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        let response = await responder.respond(to: Request(method: method, uri: path, headers: headers, body: body, remoteAddress: "127.0.0.1"))
        for line in response.headers["set-cookie"] { jar.take(setCookie: line[...]) }
        var bytes: [UInt8] = []
        if case .bytes(let buffer) = response.body { bytes = Array(buffer.readableBytesView) }
        return (response, bytes)
    }
}

let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("booking-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

let database = try CinemaDatabase.open(path: folder.appendingPathComponent("marquee.sqlite").path)
var settings = CinemaSettings()
settings.scryptCost = .testing
let now = Date()
_ = try await DemoCinema.seed(database: database, settings: settings, postersDirectory: folder.appendingPathComponent("posters"), now: now)
var logger = Logger(label: "bench")
logger.logLevel = .error
let app = try await MarqueeApp(
    configuration: WebConfiguration(
        templatesDirectory: root.appendingPathComponent("Templates"),
        publicDirectory: root.appendingPathComponent("Public"),
        dataDirectory: folder),
    database: database, settings: settings, secret: Array("bench-secret-that-is-long-enough-for-hs256".utf8), logger: logger)
let browser = InProcessBrowser(router: app.router)

// Sign up, through the pages.
let (_, signUpPage) = await browser.send(.GET, "/signup")
guard let signUpToken = PageScraper.csrfToken(in: signUpPage) else { throw BenchError("no CSRF token on /signup") }
let (signedUp, _) = await browser.send(.POST, "/signup", form: [
    ("_csrf", signUpToken), ("username", "bench"), ("email", "bench@example.test"),
    ("password", "correct horse battery"), ("passwordConfirmation", "correct horse battery"),
])
guard signedUp.status == .seeOther else { throw BenchError("sign-up answered \(signedUp.status.code)") }

// Work: pairs of free seats, spread over the coming showtimes.
let catalog = Catalog(database: database, settings: settings)
let showtimes = try await catalog.showtimes(
    ShowtimeFilter(range: DateInterval(start: now.addingTimeInterval(86_400), duration: 86_400 * 12), limit: 1_000), now: now)
var perShowtime: [[(Int64, [Int64])]] = []
for showtime in showtimes {
    guard let map = try await catalog.seatMap(showtimeID: showtime.id, viewer: nil, now: now) else { continue }
    let free = map.seats.filter { $0.state == .free }.map(\.id)
    perShowtime.append(stride(from: 0, to: free.count - 1, by: 2).map { (showtime.id, [free[$0], free[$0 + 1]]) })
}
var work: [(Int64, [Int64])] = []
var round = 0
while work.count < bookings, perShowtime.contains(where: { round < $0.count }) {
    for list in perShowtime where round < list.count && work.count < bookings { work.append(list[round]) }
    round += 1
}
print("BookingBench: \(work.count) bookings over \(showtimes.count) showtimes, one at a time")

let steps = ["seat map GET", "hold POST", "checkout GET", "confirm POST"]
var cpu = [Double](repeating: 0, count: 4)
var wall = [Duration](repeating: .zero, count: 4)
@MainActor func timed<T>(_ step: Int, _ body: () async throws -> T) async rethrows -> T {
    let cpuStart = processCPU()
    let wallStart = ContinuousClock.now
    let result = try await body()
    cpu[step] += processCPU() - cpuStart
    wall[step] += ContinuousClock.now - wallStart
    return result
}

/// CPU µs of a fixed piece of work (sorting the same pseudo-random numbers), to tell a
/// slower machine from slower code between runs: this VM's speed drifts by a third.
func calibrate() -> Double {
    var state: UInt64 = 42
    var numbers: [UInt64] = []
    numbers.reserveCapacity(200_000)
    for _ in 0..<200_000 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        numbers.append(state >> 33)
    }
    let start = processCPU()
    for _ in 0..<5 { var copy = numbers; copy.sort(); precondition(copy.count == numbers.count) }
    return processCPU() - start
}
let calibrationBefore = calibrate()

var measured = 0
for (index, (showtimeID, seats)) in work.enumerated() {
    if index == 50 { cpu = [0, 0, 0, 0]; wall = [.zero, .zero, .zero, .zero]; measured = 0 }  // warm-up
    let (mapResponse, map) = await timed(0) { await browser.send(.GET, "/showtimes/\(showtimeID)") }
    guard mapResponse.status == .ok, let token = PageScraper.csrfToken(in: map) else { throw BenchError("seat map \(mapResponse.status.code)") }
    let (hold, _) = await timed(1) {
        await browser.send(.POST, "/showtimes/\(showtimeID)/hold", form: [("_csrf", token)] + seats.map { ("seat", String($0)) })
    }
    guard hold.status == .seeOther, let checkout = hold.headers.first(name: "Location"), checkout.hasPrefix("/checkout/") else {
        throw BenchError("hold \(hold.status.code)")
    }
    let (checkoutResponse, checkoutPage) = await timed(2) { await browser.send(.GET, checkout) }
    guard checkoutResponse.status == .ok, let checkoutToken = PageScraper.csrfToken(in: checkoutPage) else {
        throw BenchError("checkout \(checkoutResponse.status.code)")
    }
    let (confirm, _) = await timed(3) {
        await browser.send(.POST, "\(checkout)/confirm", form: [("_csrf", checkoutToken)] + seats.map { ("ticket_\($0)", "adult") })
    }
    guard confirm.status == .seeOther, confirm.headers.first(name: "Location")?.hasPrefix("/reservations/") == true else {
        throw BenchError("confirm \(confirm.status.code)")
    }
    measured += 1
}

print("step            CPU µs/request   wall µs/request")
for (index, step) in steps.enumerated() {
    let perCPU = cpu[index] / Double(measured)
    let perWall = Double(wall[index].components.attoseconds / 1_000_000_000_000 + wall[index].components.seconds * 1_000_000) / Double(measured)
    print("\(step.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%12.1f", perCPU))   \(String(format: "%12.1f", perWall))")
}
print(String(format: "booking (4 requests) CPU %.1f µs over %d bookings", cpu.reduce(0, +) / Double(measured), measured))
let calibrationAfter = calibrate()
print(String(format: "calibration (fixed sort) %.0f µs before, %.0f µs after: compare runs by booking CPU / calibration = %.3f",
             calibrationBefore, calibrationAfter, cpu.reduce(0, +) / Double(measured) / ((calibrationBefore + calibrationAfter) / 2)))
