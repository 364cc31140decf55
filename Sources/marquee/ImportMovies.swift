import ArgumentParser
import Cinema
import Foundation

/// `marquee import-movies`: loads movies from a TMDB-format JSON file, as /admin/import does.
struct ImportMovies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-movies",
        abstract: "Import movies from a TMDB-format JSON file. Importing the same file again changes nothing.",
        discussion: """
        The file is a list of movies, or an object with a "results" list (and optionally a "genres" \
        list). Any problem in the file imports nothing and lists every problem found. The import \
        is recorded in the audit log under an admin account: --actor, or the first admin.
        """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The JSON file to import.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The admin the import is recorded under (default: the first admin account).", valueName: "username"))
    var actor: String?

    func run() async throws {
        let environment = try Environment.load()
        let data: [UInt8]
        do {
            data = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw Failure("Cannot read \(file): \(error.localizedDescription)")
        }
        let database = try common.openDatabase(environment)
        let settings = try common.settings(environment)
        let admin = try await actingAdmin(database: database, settings: settings)
        do {
            let report = try await MovieImport(database: database, settings: settings).importMovies(from: data, actor: admin.id, now: Date())
            let genres = "\(report.genresCreated) new \(report.genresCreated == 1 ? "genre" : "genres")"
            print("Imported \(file) as \(admin.username): \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(genres).")
            for movie in report.movies {
                print("  \(movie.index): \(movie.title) (TMDB \(movie.tmdbID), movie \(movie.movieID)) \(movie.outcome.rawValue)")
            }
        } catch let error as MovieImport.Error {
            throw Failure((["Nothing was imported from \(file):"] + error.problems.map { "  \($0.description)" }).joined(separator: "\n"))
        }
    }

    /// `--actor` when given (it must be an admin), else the admin account made first.
    private func actingAdmin(database: CinemaDatabase, settings: CinemaSettings) async throws -> User {
        if let actor {
            let accounts = Accounts(database: database, settings: settings, clock: { Date() })
            guard let user = try await accounts.user(username: actor) else {
                throw Failure("There is no user \"\(actor)\" to record the import under.")
            }
            guard user.role == .admin else {
                throw Failure("\(user.username) is \(user.role.rawValue), not admin; imports are recorded under an admin account.")
            }
            return user
        }
        // The list is by username; the first admin is the account made first.
        var admins: [User] = []
        var query = AdminUserQuery(role: .admin, perPage: 200)
        while true {
            let page = try await AdminUsers(database: database).users(query, now: Date())
            admins += page.items.map(\.user)
            guard page.hasNext else { break }
            query.page += 1
        }
        guard let first = admins.min(by: { $0.id < $1.id }) else {
            throw Failure("""
                There is no admin account to record the import under. Create one first, e.g.
                  printf '%s\\n' 'a long password' | marquee create-user --username boss --role admin
                """)
        }
        return first
    }
}

extension ImportMovies {
    /// A failure reported as "Error: …" without the usage text: the arguments were fine.
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
