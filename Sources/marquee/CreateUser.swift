import ArgumentParser
import Cinema
import Foundation

/// `marquee create-user`: adds a user, reading the password from standard input.
struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a user. The password is read from standard input (never from the command line).",
        discussion: "Example: printf '%s\\n' 'a long password' | marquee create-user --username boss --role admin"
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "The new user's username.")
    var username: String

    @Option(help: "The user's email address (default: USERNAME@marquee.invalid).")
    var email: String?

    @Option(help: "customer, staff or admin.")
    var role: String = "customer"

    func validate() throws {
        guard Role(rawValue: role) != nil else {
            throw ValidationError("--role must be customer, staff or admin, not \"\(role)\".")
        }
    }

    func run() async throws {
        let environment = try Environment.load()
        // One line from stdin, so `echo pw | marquee create-user …` and a typed line both work.
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("No password on standard input. Pipe it in, e.g. printf '%s\\n' 'secret password' | marquee create-user --username \(username).")
        }
        let database = try common.openDatabase(environment)
        let accounts = Accounts(database: database, settings: try common.settings(environment), clock: { Date() })
        do {
            let user = try await accounts.createUser(username: username, email: email ?? "\(username)@marquee.invalid", password: line, role: Role(rawValue: role)!)
            print("Created \(user.role.rawValue) \(user.username) (id \(user.id)).")
        } catch let error as Cinema.ValidationError {
            let lines = error.fields.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
            throw ValidationError("Could not create the user:\n" + lines.joined(separator: "\n"))
        }
    }
}
