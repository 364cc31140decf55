import Cinema
import Foundation
import GRDB
import HTTPCore
import Logging
import Testing
import Web

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date()) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// A real Marquee on a loopback port, on a fresh SQLite file with the demo cinema.
final class TestApp: Sendable {
    let port: Int
    let database: CinemaDatabase
    let databasePath: String
    let settings: CinemaSettings
    let clock: TestClock
    let secret: [UInt8]
    let folder: URL
    private let server: HTTPServer

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts an app.
    /// - Parameters:
    ///   - holdSeconds: how long holds last.
    ///   - seed: whether to load the demo cinema.
    ///   - pageCacheSeconds: how long catalogue pages for anonymous visitors are reused (off by default).
    static func start(holdSeconds: TimeInterval = 480, seed: Bool = true, pageCacheSeconds: TimeInterval = 0) async throws -> TestApp {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-web-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("marquee.sqlite").path
        let database = try CinemaDatabase.open(path: path)
        var settings = CinemaSettings(holdDuration: holdSeconds, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        settings.scryptCost = .testing
        let clock = TestClock()
        if seed {
            _ = try await DemoCinema.seed(database: database, settings: settings, postersDirectory: folder.appendingPathComponent("posters"), now: clock.now)
        }
        let secret = Array("test-secret-that-is-long-enough-for-hs256!".utf8)
        var logger = Logger(label: "marquee.test")
        logger.logLevel = .warning
        let web = WebConfiguration(
            templatesDirectory: repositoryRoot.appendingPathComponent("Templates"),
            publicDirectory: repositoryRoot.appendingPathComponent("Public"),
            dataDirectory: folder,
            strictTemplates: true,
            sharedPageLifetime: pageCacheSeconds
        )
        let app = try await MarqueeApp(configuration: web, database: database, settings: settings, secret: secret, logger: logger, clock: { clock.now })
        var configuration = HTTPServer.Configuration(port: 0)
        configuration.accessLog = false
        configuration.handlesSignals = false
        let server = HTTPServer(configuration: configuration, router: app.router, logger: logger)
        let port = try await server.start()
        Task { try? await server.run() }
        return TestApp(port: port, database: database, databasePath: path, settings: settings, clock: clock, secret: secret, folder: folder, server: server)
    }

    private init(port: Int, database: CinemaDatabase, databasePath: String, settings: CinemaSettings, clock: TestClock, secret: [UInt8], folder: URL, server: HTTPServer) {
        self.port = port
        self.database = database
        self.databasePath = databasePath
        self.settings = settings
        self.clock = clock
        self.secret = secret
        self.folder = folder
        self.server = server
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    func browser() -> TestBrowser {
        TestBrowser(port: port)
    }

    /// A new browser signed in as a new customer (through the real sign-up form).
    func signedInBrowser(_ username: String, password: String = "popcorn-and-soda") async throws -> TestBrowser {
        let browser = browser()
        let response = try await browser.submit("/signup", to: "/signup", form: [
            ("username", username), ("email", "\(username)@example.com"),
            ("password", password), ("passwordConfirmation", password),
        ])
        guard response.status == 303, browser.cookies["marquee_session"] != nil else {
            throw TestError("sign-up of \(username) failed: \(response.status)")
        }
        return browser
    }

    /// A user with a role, made through the domain (as `marquee create-user` does), signed in.
    func signedInBrowser(_ username: String, role: Role) async throws -> TestBrowser {
        let accounts = Accounts(database: database, settings: settings, clock: { self.clock.now })
        _ = try await accounts.createUser(username: username, email: "\(username)@example.com", password: "backstage-pass", role: role)
        let browser = browser()
        let response = try await browser.submit("/login", to: "/login", form: [("username", username), ("password", "backstage-pass")])
        guard response.status == 303 else { throw TestError("log-in of \(username) failed: \(response.status)") }
        return browser
    }

    /// A bookable showtime at least a day ahead, with its free seats in order.
    func bookableShowtime() async throws -> (id: Int64, free: [Int64]) {
        let catalog = Catalog(database: database, settings: settings)
        let now = clock.now
        let listings = try await catalog.showtimes(ShowtimeFilter(range: DateInterval(start: now.addingTimeInterval(86_400), duration: 86_400 * 3)), now: now)
        let listing = try #require(listings.first)
        let map = try #require(try await catalog.seatMap(showtimeID: listing.id, viewer: nil, now: now))
        return (listing.id, map.seats.filter { $0.state == .free }.map(\.id))
    }

    /// Direct read access to the SQLite file, to check what the database holds.
    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? 0 }
    }
}

/// Runs `body` against a fresh app and always stops it.
func withApp(holdSeconds: TimeInterval = 480, seed: Bool = true, pageCacheSeconds: TimeInterval = 0, _ body: (TestApp) async throws -> Void) async throws {
    let app = try await TestApp.start(holdSeconds: holdSeconds, seed: seed, pageCacheSeconds: pageCacheSeconds)
    do {
        try await body(app)
    } catch {
        await app.stop()
        throw error
    }
    await app.stop()
}
