import ArgumentParser
import Cinema
import Foundation
import HTTPCore
import Logging
import Web

#if canImport(Glibc)
import Glibc
#endif

/// `marquee serve` (the default command): migrate, load the demo cinema into an empty
/// database, and serve the site until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the site (the default command).")

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("Address to listen on. (env: MARQUEE_HOST, default: 127.0.0.1)", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one. (env: MARQUEE_PORT, default: 8080)", valueName: "port"))
    var port: Int?

    @Flag(name: .customLong("reload-templates"), help: "Recompile a template when its file changes (for development).")
    var reloadTemplates = false

    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (set this when serving behind HTTPS).")
    var secureCookies = false

    @Flag(name: .customLong("no-demo"), help: "Do not load the demo cinema into an empty database.")
    var noDemo = false

    @Flag(name: .customLong("quiet"), help: "Do not write an access-log line per request.")
    var quiet = false

    @Option(name: .customLong("page-cache-seconds"), help: ArgumentHelp("How long a catalogue page (home, movies, a movie) is reused for visitors and customers; staff and admins always see it live. 0 turns this off.", valueName: "seconds"))
    var pageCacheSeconds: Double = 1

    @Option(name: .customLong("seat-map-cache-seconds"), help: ArgumentHelp("The same for seat maps and the showtimes list seen by visitors who are not signed in (signed-in visitors see them live); 0 turns this off.", valueName: "seconds"))
    var seatMapCacheSeconds: Double = 0.5

    func validate() throws {
        // `Double` also reads "nan", "inf" and negative numbers, which would keep pages
        // forever or never; say so rather than quietly using something else.
        for (flag, seconds) in [("--page-cache-seconds", pageCacheSeconds), ("--seat-map-cache-seconds", seatMapCacheSeconds)] {
            guard seconds.isFinite, seconds >= 0 else {
                throw ValidationError("\(flag) must be a number of seconds, 0 or more, not \(seconds).")
            }
        }
    }

    func run() async throws {
        #if canImport(Glibc)
        // glibc gives each thread that finds malloc busy an arena of its own (up to eight
        // per core) and keeps freed memory in every one; NIO's, GRDB's and the hashing
        // threads could each hold one. Two bound that, for a server whose goal is under
        // 100 MB. (Not measured on its own: the run that added it also capped the page
        // cache; the site's rates did not drop.) `mallopt` lives in <malloc.h>, which the
        // Glibc module does not export.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8
        if let mallopt = dlsym(nil, "mallopt") {
            _ = unsafeBitCast(mallopt, to: Mallopt.self)(mArenaMax, 2)
        }
        #endif
        let logStream = BufferedLogStream.standardError
        LoggingSystem.bootstrap { label in
            var handler = BufferedLogHandler(label: label, stream: logStream)
            handler.logLevel = .info
            return handler
        }
        logStream.startFlushing()
        // Whatever is logged after `run` returns (background work saying goodbye) too.
        atexit { BufferedLogStream.standardError.flush() }
        defer { logStream.flush() }
        let logger = Logger(label: "marquee")
        let environment = try Environment.load()
        let settings = try common.settings(environment)
        let dataDirectory = common.dataDirectory(environment)
        let database = try common.openDatabase(environment)
        let postersDirectory = dataDirectory.appendingPathComponent("posters", isDirectory: true)
        if !noDemo, try await database.isEmpty() {
            _ = try await DemoCinema.seed(database: database, settings: settings, postersDirectory: postersDirectory, now: Date())
            logger.info("Loaded the demo cinema into an empty database")
        }
        let root = try Resources.root()
        let web = WebConfiguration(
            templatesDirectory: root.appendingPathComponent("Templates", isDirectory: true),
            publicDirectory: root.appendingPathComponent("Public", isDirectory: true),
            dataDirectory: dataDirectory,
            secureCookies: secureCookies,
            reloadTemplates: reloadTemplates,
            sharedPageLifetime: reloadTemplates ? 0 : pageCacheSeconds,
            sharedSeatMapLifetime: reloadTemplates ? 0 : seatMapCacheSeconds
        )
        let secret = try SecretStore.load(environmentValue: environment["MARQUEE_SECRET"], directory: dataDirectory)
        let app = try await MarqueeApp(configuration: web, database: database, settings: settings, secret: secret, logger: logger)

        var configuration = HTTPServer.Configuration()
        configuration.host = host ?? environment["MARQUEE_HOST"] ?? "127.0.0.1"
        configuration.port = try port ?? environment["MARQUEE_PORT"].map(parsePort) ?? 8080
        configuration.accessLog = !quiet
        let server = HTTPServer(configuration: configuration, router: app.router, logger: logger)

        let background = BackgroundWork(
            database: database,
            settings: settings,
            maildir: dataDirectory.appendingPathComponent("mail", isDirectory: true),
            sendmail: environment["MARQUEE_SENDMAIL"],
            logger: logger
        )
        let tasks = background.start()
        defer { tasks.forEach { $0.cancel() } }

        let boundPort = try await server.start()
        logger.info("Marquee is serving http://\(configuration.host):\(boundPort)/ from \(common.databasePath(environment))")
        logger.info("Need an admin? printf '%s\\n' 'a long password' | swift run marquee create-user --username admin --role admin")
        try await server.run()
        logger.info("Marquee stopped")
    }

    private func parsePort(_ text: String) throws -> Int {
        guard let value = Int(text), (0...65535).contains(value) else {
            throw ValidationError("MARQUEE_PORT must be a port number from 0 to 65535, not \"\(text)\".")
        }
        return value
    }
}
