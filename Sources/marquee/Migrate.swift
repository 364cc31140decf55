import ArgumentParser
import Cinema

/// `marquee migrate`: brings the database schema up to date.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let environment = try Environment.load()
        _ = try common.openDatabase(environment)
        print("Database \(common.databasePath(environment)) is up to date.")
    }
}
