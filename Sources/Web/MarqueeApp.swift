public import Cinema
public import Foundation
public import HTTPCore
public import Logging
import Templating

/// Where the web layer finds its files and how it treats cookies.
public struct WebConfiguration: Sendable {
    /// The `Templates/` folder.
    public var templatesDirectory: URL
    /// The `Public/` folder served under `/static/`.
    public var publicDirectory: URL
    /// The data folder (posters under `posters/`, the generated session key, the maildir).
    public var dataDirectory: URL
    /// Whether cookies carry `Secure`.
    public var secureCookies: Bool
    /// Whether a template is recompiled when its file changes (development).
    public var reloadTemplates: Bool
    /// Whether a missing template variable is an error (the app's tests turn this on).
    public var strictTemplates: Bool
    /// How long a session token lasts; it is renewed past half of it.
    public var sessionLifetime: TimeInterval
    /// How long a catalogue page (`/`, `/movies`, a movie's page) rendered for an anonymous
    /// visitor is reused for the next anonymous visitors (and one rendered for a signed-in
    /// customer for the next customers), in seconds; 0 (the default) renders every page
    /// afresh. See ``SharedPageCache``.
    public var sharedPageLifetime: TimeInterval
    /// The same for seat maps and the showtimes listing; keep it very short, seat maps show
    /// live seat state. Signed-in visitors always get a live seat map. 0 (the default): off.
    public var sharedSeatMapLifetime: TimeInterval

    public init(
        templatesDirectory: URL,
        publicDirectory: URL,
        dataDirectory: URL,
        secureCookies: Bool = false,
        reloadTemplates: Bool = false,
        strictTemplates: Bool = false,
        sessionLifetime: TimeInterval = 12 * 60 * 60,
        sharedPageLifetime: TimeInterval = 0,
        sharedSeatMapLifetime: TimeInterval = 0
    ) {
        self.templatesDirectory = templatesDirectory
        self.publicDirectory = publicDirectory
        self.dataDirectory = dataDirectory
        self.secureCookies = secureCookies
        self.reloadTemplates = reloadTemplates
        self.strictTemplates = strictTemplates
        self.sessionLifetime = sessionLifetime
        self.sharedPageLifetime = sharedPageLifetime
        self.sharedSeatMapLifetime = sharedSeatMapLifetime
    }

    /// The folder that holds movie posters.
    public var postersDirectory: URL { dataDirectory.appendingPathComponent("posters", isDirectory: true) }
}

/// Marquee's web application: every page and API route, wired to the cinema's services.
///
/// ```swift
/// let app = try await MarqueeApp(configuration: web, database: db, settings: settings, secret: secret, logger: logger)
/// let server = HTTPServer(configuration: .init(port: 8080), router: app.router, logger: logger)
/// try await server.run()
/// ```
public struct MarqueeApp: Sendable {
    /// The routes, ready for ``HTTPServer``.
    public let router: Router

    /// Builds the application.
    /// - Parameters:
    ///   - configuration: folders and cookie policy.
    ///   - database: the open cinema database.
    ///   - settings: the cinema's settings (time zone, currency, hold duration …).
    ///   - secret: the signing secret (see ``SecretStore``).
    ///   - logger: where errors and notable events go.
    ///   - clock: the current time; tests move it.
    public init(
        configuration: WebConfiguration,
        database: CinemaDatabase,
        settings: CinemaSettings,
        secret: [UInt8],
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws {
        let library = try TemplateLibrary(
            directory: configuration.templatesDirectory,
            options: .init(
                timeZone: settings.timeZone,
                currencyCode: settings.currencyCode,
                strict: configuration.strictTemplates,
                reload: configuration.reloadTemplates
            )
        )
        let pages = try PageRenderer(
            library: library, timeZone: settings.timeZone, currencyCode: settings.currencyCode,
            reloadsTemplates: configuration.reloadTemplates)
        let sessions = SessionIssuer(
            signer: try await SessionSigner(secret: secret),
            lifetime: configuration.sessionLifetime,
            secureCookies: configuration.secureCookies
        )
        let csrf = CSRFTokens(secret: secret)
        let accounts = Accounts(database: database, settings: settings, clock: clock)

        var router = Router()
        // Order matters: headers go on everything; the outer error page catches failures
        // of the session lookup itself; the inner one renders with the visitor known.
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorPages(renderer: pages, logger: logger))
        router.add(middleware: SessionMiddleware(
            sessions: sessions, csrf: csrf, accounts: accounts, clock: clock,
            sessionlessSegments: ["static", "posters", "healthz"]))
        router.add(middleware: ErrorPages(renderer: pages, logger: logger))

        let files = StaticFiles(root: configuration.publicDirectory.path, cacheControl: "public, max-age=3600")
        router.get("/static/*path") { request in
            try await files.respond(to: request, path: request.parameters["path"] ?? "")
        }
        // Posters change through the admin pages (a removed poster must be gone at once), so
        // they are looked at on every request; Public/ changes only with a deploy.
        let posters = StaticFiles(
            root: configuration.postersDirectory.path, cacheControl: "public, max-age=86400",
            cache: StaticFileCache(revalidationInterval: .zero))
        router.get("/posters/*path") { request in
            try await posters.respond(to: request, path: request.parameters["path"] ?? "")
        }
        router.get("/healthz") { _ in
            do {
                try await database.ping()
                return try .json(["status": "ok"])
            } catch {
                logger.error("Health check failed", metadata: ["error": "\(error)"])
                return try .json(["status": "unavailable"], status: .serviceUnavailable)
            }
        }

        let catalog = Catalog(database: database, settings: settings)
        let booking = Booking(database: database, settings: settings)
        let secure = configuration.secureCookies
        // CSRF is checked on matched routes only, so a wrong method still gets its 405.
        router.group("", middleware: [CSRFMiddleware(csrf: csrf)]) { site in
            AccountController(accounts: accounts, sessions: sessions, pages: pages, clock: clock).register(in: &site)
            // The catalogue shows a customer nothing of their own but the header, so customers
            // share its pages too; seat maps show their own holds.
            site.group("", middleware: Self.sharedCache(configuration.sharedPageLifetime, withCustomers: true)) { movies in
                MovieController(catalog: catalog, settings: settings, pages: pages, clock: clock).register(in: &movies)
            }
            site.group("", middleware: Self.sharedCache(configuration.sharedSeatMapLifetime, withCustomers: false)) { showtimes in
                ShowtimeController(catalog: catalog, booking: booking, settings: settings, pages: pages, secureCookies: secure, clock: clock).register(in: &showtimes)
            }
            BookingController(catalog: catalog, booking: booking, settings: settings, pages: pages, secureCookies: secure, clock: clock).register(in: &site)

            let admin = AdminContext(
                services: AdminServices(database: database, settings: settings, postersDirectory: configuration.postersDirectory),
                settings: settings, pages: pages, secureCookies: secure, clock: clock,
                uploads: UploadAdmission(signer: sessions.signer, clock: clock)
            )
            // Every /admin route requires an admin, every /dashboard route staff or admin,
            // checked here on the server for the whole group.
            site.group("/admin", middleware: [RoleGuard(allowed: [.admin])]) { group in
                AdminMovieController(context: admin, catalog: catalog).register(in: &group)
                AdminHallController(context: admin).register(in: &group)
                AdminShowtimeController(context: admin).register(in: &group)
                AdminPriceController(context: admin).register(in: &group)
                AdminHomeController(context: admin).register(in: &group)
                AdminUserController(context: admin).register(in: &group)
                AdminReservationController(context: admin).register(in: &group)
                AdminImportController(context: admin).register(in: &group)
                AdminAuditController(context: admin).register(in: &group)
            }
            // `/dashboard` and `/dashboard.csv` are siblings, not one prefix, so this group has none.
            site.group("", middleware: [RoleGuard(allowed: [.staff, .admin])]) { group in
                DashboardController(reports: admin.services.reports, settings: settings, pages: pages, clock: clock).register(in: &group)
            }
        }
        self.router = router
    }

    /// The shared page cache of a group of routes (see ``SharedPageCache``), or none for a
    /// lifetime of 0.
    private static func sharedCache(_ lifetime: TimeInterval, withCustomers: Bool) -> [any Middleware] {
        lifetime > 0 ? [SharedPageCache(lifetime: lifetime, sharedWithCustomers: withCustomers)] : []
    }
}
