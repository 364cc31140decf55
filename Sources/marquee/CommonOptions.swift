import ArgumentParser
import Cinema
import Foundation

/// Options every subcommand shares: where the database is and the cinema's settings.
struct CommonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("SQLite database file; its folder also holds posters, mail and the session key. (env: MARQUEE_DATABASE, default: var/marquee.sqlite)", valueName: "path"))
    var database: String?

    @Option(name: .customLong("timezone"), help: ArgumentHelp("The cinema's time zone, an IANA name such as Europe/Berlin. (env: MARQUEE_TIMEZONE, default: the machine's)", valueName: "zone"))
    var timeZone: String?

    @Option(help: ArgumentHelp("ISO 4217 currency code for prices. (env: MARQUEE_CURRENCY, default: EUR)", valueName: "code"))
    var currency: String?

    @Option(name: .customLong("hold-seconds"), help: ArgumentHelp("How long chosen seats are held before checkout. (env: MARQUEE_HOLD_SECONDS, default: 480)", valueName: "seconds"))
    var holdSeconds: Int?

    @Option(name: .customLong("password-hash-threads"), help: ArgumentHelp("Passwords hashed at once; each adds 32 MiB of memory while it runs and about 8 log-ins/s. (env: MARQUEE_PASSWORD_HASH_THREADS, default: 1)", valueName: "count"))
    var passwordHashThreads: Int?

    /// The resolved database path.
    func databasePath(_ environment: Environment) -> String {
        database ?? environment["MARQUEE_DATABASE"] ?? "var/marquee.sqlite"
    }

    /// The data folder: the database file's folder.
    func dataDirectory(_ environment: Environment) -> URL {
        URL(fileURLWithPath: databasePath(environment)).deletingLastPathComponent()
    }

    /// The cinema's settings from flags and environment.
    func settings(_ environment: Environment) throws -> CinemaSettings {
        var settings = CinemaSettings()
        if let name = timeZone ?? environment["MARQUEE_TIMEZONE"] {
            guard let zone = TimeZone(identifier: name) else {
                throw ValidationError("Unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin.")
            }
            settings.timeZone = zone
        }
        if let code = currency ?? environment["MARQUEE_CURRENCY"] {
            guard code.count == 3, code.allSatisfy({ $0.isLetter }) else {
                throw ValidationError("Currency must be a three-letter ISO 4217 code such as EUR or USD, not \"\(code)\".")
            }
            settings.currencyCode = code.uppercased()
        }
        if let seconds = try holdSeconds ?? environment["MARQUEE_HOLD_SECONDS"].map(parseHoldSeconds) {
            guard seconds > 0 else {
                throw ValidationError("The hold time (--hold-seconds, MARQUEE_HOLD_SECONDS) must be a positive whole number of seconds, not \(seconds).")
            }
            settings.holdDuration = TimeInterval(seconds)
        }
        if let text = passwordHashThreads.map(String.init) ?? environment["MARQUEE_PASSWORD_HASH_THREADS"] {
            guard let threads = Int(text), (1...16).contains(threads) else {
                throw ValidationError("The password hash threads (--password-hash-threads, MARQUEE_PASSWORD_HASH_THREADS) must be a whole number from 1 to 16, not \"\(text)\".")
            }
            settings.passwordHashingThreads = threads
        }
        return settings
    }

    private func parseHoldSeconds(_ text: String) throws -> Int {
        guard let value = Int(text) else { throw ValidationError("MARQUEE_HOLD_SECONDS must be a whole number of seconds, not \"\(text)\".") }
        return value
    }

    /// Opens (creating and migrating) the database.
    func openDatabase(_ environment: Environment) throws -> CinemaDatabase {
        let path = databasePath(environment)
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        return try CinemaDatabase.open(path: path)
    }
}
