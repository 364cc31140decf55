import ArgumentParser
import Cinema
import Foundation

/// `marquee seed-demo`: loads the demo cinema into an empty database.
struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo",
        abstract: "Load the demo cinema (halls, films, two weeks of showtimes, prices). Running it again changes nothing."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let environment = try Environment.load()
        let database = try common.openDatabase(environment)
        let settings = try common.settings(environment)
        let seeded = try await DemoCinema.seed(
            database: database,
            settings: settings,
            postersDirectory: common.dataDirectory(environment).appendingPathComponent("posters", isDirectory: true),
            now: Date()
        )
        print(seeded ? "Demo cinema loaded into \(common.databasePath(environment))." : "The demo cinema is already there; nothing changed.")
    }
}
