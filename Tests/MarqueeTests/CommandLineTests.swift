import Foundation
import Testing

/// Runs the real `marquee` executable built beside the test bundle.
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("marquee")
    }

    func marquee(_ arguments: [String], stdin: String? = nil, in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func createUserReadsThePasswordFromStandardInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try marquee(["create-user", "--database", "db.sqlite", "--username", "boss", "--role", "admin"], stdin: "correct horse battery\n", in: folder)
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("Created admin boss"))
        #expect(!created.output.contains("correct horse"))

        let again = try marquee(["create-user", "--database", "db.sqlite", "--username", "BOSS"], stdin: "another password\n", in: folder)
        #expect(again.status != 0)
        #expect(again.errors.contains("username"))

        let noPassword = try marquee(["create-user", "--database", "db.sqlite", "--username", "nobody"], stdin: "", in: folder)
        #expect(noPassword.status != 0)
        #expect(noPassword.errors.contains("No password on standard input"))

        let badRole = try marquee(["create-user", "--database", "db.sqlite", "--username", "x", "--role", "owner"], stdin: "password123\n", in: folder)
        #expect(badRole.status != 0)
        #expect(badRole.errors.contains("--role must be customer, staff or admin"))
    }

    @Test func migrateTwiceAndSeedTwice() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try marquee(["migrate", "--database", "var/m.sqlite"], in: folder)
        #expect(first.status == 0, "\(first.errors)")
        let second = try marquee(["migrate", "--database", "var/m.sqlite"], in: folder)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.contains("up to date"))

        let seeded = try marquee(["seed-demo", "--database", "var/m.sqlite"], in: folder)
        #expect(seeded.status == 0, "\(seeded.errors)")
        #expect(seeded.output.contains("Demo cinema loaded"))
        let posters = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("var/posters").path)
        #expect(posters.count >= 30)
        let again = try marquee(["seed-demo", "--database", "var/m.sqlite"], in: folder)
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("nothing changed"))
    }

    @Test func importMoviesRecordsAnAdminAndIsIdempotent() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let movies = """
            [{"id": 700001, "title": "Night Ferry", "runtime": 101, "genres": [{"id": 18, "name": "Drama"}]},
             {"id": 700002, "title": "Salt Flats", "runtime": 88, "release_date": "2023-09-14"}]
            """
        try movies.write(to: folder.appendingPathComponent("movies.json"), atomically: true, encoding: .utf8)
        try #"[{"id": 700003, "title": "Fine", "runtime": 90}, {"id": 700004, "title": "Broken", "runtime": 0}]"#
            .write(to: folder.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)

        let noAdmin = try marquee(["import-movies", "movies.json", "--database", "m.sqlite"], in: folder)
        #expect(noAdmin.status != 0)
        #expect(noAdmin.errors.contains("There is no admin account to record the import under."))

        #expect(try marquee(["create-user", "--database", "m.sqlite", "--username", "boss", "--role", "admin"], stdin: "a long password\n", in: folder).status == 0)
        #expect(try marquee(["create-user", "--database", "m.sqlite", "--username", "nora"], stdin: "a long password\n", in: folder).status == 0)

        let first = try marquee(["import-movies", "movies.json", "--database", "m.sqlite"], in: folder)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("as boss: 2 created, 0 updated, 0 unchanged, 1 new genre."))
        #expect(first.output.contains("Night Ferry (TMDB 700001"))
        let again = try marquee(["import-movies", "movies.json", "--database", "m.sqlite", "--actor", "BOSS"], in: folder)
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("0 created, 0 updated, 2 unchanged"))

        let customer = try marquee(["import-movies", "movies.json", "--database", "m.sqlite", "--actor", "nora"], in: folder)
        #expect(customer.status != 0)
        #expect(customer.errors.contains("nora is customer, not admin"))
        let nobody = try marquee(["import-movies", "movies.json", "--database", "m.sqlite", "--actor", "ghost"], in: folder)
        #expect(nobody.errors.contains("There is no user \"ghost\""))

        let bad = try marquee(["import-movies", "bad.json", "--database", "m.sqlite"], in: folder)
        #expect(bad.status != 0)
        #expect(bad.errors.contains("Nothing was imported from bad.json:"))
        #expect(bad.errors.contains("Entry 1, runtime: 0 is out of range"))
        let missing = try marquee(["import-movies", "nowhere.json", "--database", "m.sqlite"], in: folder)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("Cannot read nowhere.json"))
        // The bad file imported nothing, not even its good entry: importing that alone creates it.
        try #"[{"id": 700003, "title": "Fine", "runtime": 90}]"#.write(to: folder.appendingPathComponent("fine.json"), atomically: true, encoding: .utf8)
        let fine = try marquee(["import-movies", "fine.json", "--database", "m.sqlite"], in: folder)
        #expect(fine.status == 0, "\(fine.errors)")
        #expect(fine.output.contains("1 created, 0 updated, 0 unchanged"))
    }

    @Test func helpDocumentsEveryEnvironmentVariable() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let help = try marquee(["serve", "--help"], in: folder)
        let text = help.output + help.errors
        for name in ["MARQUEE_HOST", "MARQUEE_PORT", "MARQUEE_DATABASE", "MARQUEE_TIMEZONE", "MARQUEE_CURRENCY", "MARQUEE_HOLD_SECONDS"] {
            #expect(text.contains(name), "serve --help does not mention \(name)")
        }
        let top = try marquee(["--help"], in: folder)
        #expect((top.output + top.errors).contains("MARQUEE_SECRET"))
    }

    @Test func badSettingsAreRefusedWithAMessage() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zone = try marquee(["migrate", "--database", "m.sqlite", "--timezone", "Mars/Olympus"], in: folder)
        #expect(zone.status == 0) // migrate does not need settings
        let seed = try marquee(["seed-demo", "--database", "m.sqlite", "--timezone", "Mars/Olympus"], in: folder)
        #expect(seed.status != 0)
        #expect(seed.errors.contains("Unknown time zone"))
        let threads = try marquee(["seed-demo", "--database", "m.sqlite", "--password-hash-threads", "0"], in: folder)
        #expect(threads.status != 0)
        #expect(threads.errors.contains("must be a whole number from 1 to 16, not \"0\""))
        let hold = try marquee(["seed-demo", "--database", "m.sqlite", "--hold-seconds", "0"], in: folder)
        #expect(hold.status != 0)
        #expect(hold.errors.contains("The hold time (--hold-seconds, MARQUEE_HOLD_SECONDS) must be a positive whole number of seconds, not 0."))
        // Refused before anything is opened or served.
        for (flag, value) in [("--page-cache-seconds", "-1"), ("--seat-map-cache-seconds", "nan")] {
            let serve = try marquee(["serve", "--database", "m.sqlite", "--port", "0", "\(flag)=\(value)"], in: folder)
            #expect(serve.status != 0)
            #expect(serve.errors.contains("\(flag) must be a number of seconds, 0 or more"), "\(serve.errors)")
        }
    }
}
