import Foundation
import NIOPosix

/// Load against a running Marquee through its real pages and forms.
///
/// ```
/// BookingLoad storm --base http://127.0.0.1:8080 [--users 64] [--seconds 10] [--seats-per-booking 2]
/// BookingLoad contention --base http://127.0.0.1:8080 [--users 200] [--seats 4] [--rounds 5] [--showtime ID]
/// ```
///
/// Both sign up their users first (through POST /signup; scrypt makes that slow, so it is
/// never timed), print what they saw, and end with one `RESULT …` line for scripts. The
/// exit status is non-zero when something came out wrong.
@main
struct BookingLoad {
    static let usage = """
        usage: BookingLoad storm --base URL [--users N] [--seconds S] [--seats-per-booking K] [--days D] [--signup-concurrency C] [--ready-file PATH] [--server-pid PID]
               BookingLoad contention --base URL [--users N] [--seats K] [--rounds R] [--showtime ID] [--days D] [--signup-concurrency C] [--ready-file PATH]
        """

    static func main() async {
        var arguments = Arguments(CommandLine.arguments.dropFirst())
        do {
            guard let mode = arguments.next() else { throw LoadError(usage) }
            guard let base = try arguments.value("--base"), let address = Address(baseURL: base) else {
                throw LoadError("--base http://HOST:PORT is required\n\(usage)")
            }
            let context = LoadContext(
                address: address,
                group: MultiThreadedEventLoopGroup.singleton,
                runTag: String(UInt32.random(in: 0...UInt32.max), radix: 36)
            )
            let ok: Bool
            switch mode {
            case "storm":
                var options = Storm.Options()
                options.users = try arguments.integer("--users") ?? options.users
                options.seconds = try arguments.value("--seconds").map { try Arguments.double($0, "--seconds") } ?? options.seconds
                options.seatsPerBooking = try arguments.integer("--seats-per-booking") ?? options.seatsPerBooking
                options.days = try arguments.integer("--days") ?? options.days
                options.signUpConcurrency = try arguments.integer("--signup-concurrency") ?? options.signUpConcurrency
                options.readyFile = try arguments.value("--ready-file")
                options.serverPID = try arguments.integer("--server-pid")
                try arguments.finish()
                ok = try await Storm(context: context, options: options).run()
            case "contention":
                var options = Contention.Options()
                options.users = try arguments.integer("--users") ?? options.users
                options.seats = try arguments.integer("--seats") ?? options.seats
                options.rounds = try arguments.integer("--rounds") ?? options.rounds
                options.days = try arguments.integer("--days") ?? options.days
                options.signUpConcurrency = try arguments.integer("--signup-concurrency") ?? options.signUpConcurrency
                options.showtimeID = try arguments.integer("--showtime").map(Int64.init)
                options.readyFile = try arguments.value("--ready-file")
                try arguments.finish()
                ok = try await Contention(context: context, options: options).run()
            default:
                throw LoadError("unknown mode \"\(mode)\"\n\(usage)")
            }
            exit(ok ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("BookingLoad: \(error)\n".utf8))
            exit(2)
        }
    }
}

/// The command line, read by hand (the benchmark package has no argument parser).
struct Arguments {
    private var words: [String]

    init(_ words: some Sequence<String>) { self.words = Array(words) }

    /// The next positional word.
    mutating func next() -> String? {
        words.isEmpty ? nil : words.removeFirst()
    }

    /// The value after `flag`, removed from the words.
    mutating func value(_ flag: String) throws -> String? {
        guard let index = words.firstIndex(of: flag) else { return nil }
        guard index + 1 < words.count else { throw LoadError("\(flag) needs a value") }
        let value = words[index + 1]
        words.removeSubrange(index...(index + 1))
        return value
    }

    mutating func integer(_ flag: String) throws -> Int? {
        guard let text = try value(flag) else { return nil }
        guard let number = Int(text), number > 0 else { throw LoadError("\(flag) needs a positive whole number, not \"\(text)\"") }
        return number
    }

    static func double(_ text: String, _ flag: String) throws -> Double {
        guard let number = Double(text), number > 0 else { throw LoadError("\(flag) needs a positive number, not \"\(text)\"") }
        return number
    }

    /// Fails on anything left over.
    func finish() throws {
        guard words.isEmpty else { throw LoadError("unexpected arguments: \(words.joined(separator: " "))\n\(BookingLoad.usage)") }
    }
}
