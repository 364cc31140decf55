import Foundation
import Testing
@testable import Cinema

struct MailDeliveryTests {
    /// A fixture with one confirmed booking, hence one confirmation mail in the outbox.
    func fixtureWithOneMail(_ storage: Storage = .memory) async throws -> (Fixture, code: String) {
        let fixture = try await Fixture.make(storage)
        let hold = try await fixture.booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A1")],
            userID: fixture.users[0], now: fixture.now)
        _ = try await fixture.booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)
        return (fixture, hold.code)
    }

    /// Header name → value of an RFC 5322 message (unfolded), and its body.
    func parse(_ data: Data) throws -> (headers: [String: String], body: String) {
        let text = try #require(String(data: data, encoding: .utf8))
        let parts = try #require(text.range(of: "\r\n\r\n"))
        var headers: [String: String] = [:]
        var last: String?
        for line in text[..<parts.lowerBound].components(separatedBy: "\r\n") {
            if line.hasPrefix(" "), let name = last {
                headers[name, default: ""] += line.dropFirst()
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                headers[name] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        return (headers, String(text[parts.upperBound...]))
    }

    /// Decodes a header made of RFC 2047 `=?UTF-8?B?…?=` words (the space between words is not text).
    func decodeEncodedWords(_ header: String) -> String? {
        var bytes = Data()
        for match in header.matches(of: /=\?UTF-8\?B\?([^?]*)\?=/) {
            guard let chunk = Data(base64Encoded: String(match.1)) else { return nil }
            bytes += chunk
        }
        return String(data: bytes, encoding: .utf8)
    }

    @Test(arguments: Storage.allCases)
    func deliversAParseableEmlIntoMaildirNew(_ storage: Storage) async throws {
        let (fixture, code) = try await fixtureWithOneMail(storage)
        let maildir = fixture.folder.url.appendingPathComponent("mail")
        let delivery = MailDelivery(
            database: fixture.database, settings: fixture.settings, transport: .maildir(maildir), clock: fixture.clock.closure)

        #expect(await delivery.deliverPending(now: fixture.now) == 1)

        let files = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)
        #expect(files.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("tmp").path).isEmpty)
        let file = try #require(files.first)
        #expect(file.hasSuffix(".eml"))
        let message = try parse(Data(contentsOf: maildir.appendingPathComponent("new").appendingPathComponent(file)))
        #expect(message.headers["From"] == "Marquee Tests <tickets@marquee.test>")
        #expect(message.headers["To"] == "user0@example.com")
        #expect(decodeEncodedWords(message.headers["Subject"] ?? "") == "Your tickets for Alpha Centauri Rising – \(code)")
        #expect(message.headers["Date"] == "Mon, 02 Jun 2025 12:00:00 +0000")
        let messageID = try #require(message.headers["Message-ID"])
        #expect(messageID.wholeMatch(of: /<outbox\.\d+\.\d+@marquee\.test>/) != nil)
        #expect(message.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(message.body.contains("Show this code at the entrance: \(code)"))
        #expect(message.body.contains("\r\n"))
        #expect(!message.body.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

        let sent = try #require(try await fixture.outbox.messages().first)
        #expect(sent.sentAt == fixture.now)
        #expect(sent.attempts == 1)
        #expect(try await fixture.outbox.pendingCount() == 0)
        #expect(await delivery.deliverPending(now: fixture.now.addingTimeInterval(3_600)) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).count == 1)
    }

    @Test func aFailingSendmailIsRetriedWithBackoffAndNeverLosesTheMessage() async throws {
        let (fixture, code) = try await fixtureWithOneMail()
        let missing = MailDelivery(
            database: fixture.database, settings: fixture.settings,
            transport: .sendmail(path: fixture.folder.url.appendingPathComponent("no-such-sendmail").path),
            clock: fixture.clock.closure)
        let start = fixture.now

        #expect(await missing.deliverPending(now: start) == 0)
        var message = try #require(try await fixture.outbox.messages().first)
        #expect(message.attempts == 1)
        #expect(message.sentAt == nil)
        #expect(message.nextAttemptAt == start.addingTimeInterval(30))
        #expect(message.lastError?.contains("no-such-sendmail") == true)

        // Not due yet: untouched.
        #expect(await missing.deliverPending(now: start.addingTimeInterval(29)) == 0)
        #expect(try await fixture.outbox.messages().first?.attempts == 1)

        // Due: second failure doubles the delay; a program that exits with an error counts too
        // (and, exiting without reading its input, must not bring the process down with SIGPIPE).
        let failing = MailDelivery(
            database: fixture.database, settings: fixture.settings, transport: .sendmail(path: "/bin/false", arguments: []),
            clock: fixture.clock.closure)
        #expect(await failing.deliverPending(now: start.addingTimeInterval(30)) == 0)
        message = try #require(try await fixture.outbox.messages().first)
        #expect(message.attempts == 2)
        #expect(message.nextAttemptAt == start.addingTimeInterval(30 + 60))
        #expect(message.lastError?.contains("status 1") == true)
        #expect(try await fixture.outbox.pendingCount() == 1)

        // A working sendmail delivers it at the next due time, and clears the error.
        let captured = fixture.folder.url.appendingPathComponent("captured.eml")
        let script = fixture.folder.url.appendingPathComponent("fake-sendmail")
        try Data("#!/bin/sh\n[ \"$1\" = \"-t\" ] || exit 64\ncat > '\(captured.path)'\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let working = MailDelivery(
            database: fixture.database, settings: fixture.settings, transport: .sendmail(path: script.path),
            clock: fixture.clock.closure)
        #expect(await working.deliverPending(now: start.addingTimeInterval(89)) == 0)
        #expect(await working.deliverPending(now: start.addingTimeInterval(90)) == 1)
        message = try #require(try await fixture.outbox.messages().first)
        #expect(message.attempts == 3)
        #expect(message.sentAt == start.addingTimeInterval(90))
        #expect(message.lastError == nil)
        let piped = try String(contentsOf: captured, encoding: .utf8)
        #expect(piped.hasPrefix("Date: Mon, 02 Jun 2025 12:00:00 +0000\nFrom: "))
        #expect(piped.contains("\nTo: user0@example.com\n"))
        #expect(piped.contains(code))
        #expect(!piped.contains("\r"))
    }

    @Test func backoffDoublesUpToAnHour() {
        let delivery = MailDelivery(
            database: try! CinemaDatabase.inMemory(), settings: Fixture.settings(), transport: .maildir(URL(fileURLWithPath: "/tmp")))
        #expect((1...9).map { delivery.backoff(afterAttempts: $0) } == [30, 60, 120, 240, 480, 960, 1_920, 3_600, 3_600])
        #expect(delivery.backoff(afterAttempts: 500) == 3_600)
    }

    @Test func runLoopDeliversUntilCancelled() async throws {
        let (fixture, _) = try await fixtureWithOneMail()
        let maildir = fixture.folder.url.appendingPathComponent("loop")
        var delivery = MailDelivery(
            database: fixture.database, settings: fixture.settings, transport: .maildir(maildir), clock: fixture.clock.closure)
        delivery.pollInterval = .milliseconds(20)
        let task = Task { await delivery.run() }
        var pending = 1
        for _ in 0..<250 where pending > 0 {
            try await Task.sleep(for: .milliseconds(20))
            pending = try await fixture.outbox.pendingCount()
        }
        task.cancel()
        await task.value
        #expect(pending == 0)
    }

    @Test func headersCannotBeInjectedAndNonASCIISubjectsAreEncoded() {
        let message = OutboxMessage(
            id: 7, kind: .reminder, recipient: "a@example.com\r\nBcc: victim@example.com",
            subject: "Tonight: Café Lumière\nBcc: x@example.com", body: "Line 1\nLine 2", reservationID: nil,
            createdAt: Date(timeIntervalSince1970: 0), attempts: 0, nextAttemptAt: Date(timeIntervalSince1970: 0),
            sentAt: nil, lastError: nil)
        let rendered = String(decoding: EmailMessage(message, from: "Marquee <t@example.org>").rendered(), as: UTF8.self)
        let headerBlock = rendered.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headerBlock.contains("\r\nBcc:"))
        #expect(headerBlock.contains("To: a@example.com  Bcc: victim@example.com"))
        #expect(headerBlock.contains("Subject: =?UTF-8?B?"))
        #expect(headerBlock.contains("Message-ID: <outbox.7.0@example.org>"))
        #expect(rendered.hasSuffix("\r\n\r\nLine 1\r\nLine 2\r\n"))
        #expect(EmailMessage.encodedWord("plain ascii") == "plain ascii")
        let long = EmailMessage.encodedWord(String(repeating: "é", count: 60))
        #expect(long.components(separatedBy: "\r\n ").allSatisfy { $0.count <= 75 })
    }
}
