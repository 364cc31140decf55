import Foundation

/// An RFC 5322 plain-text message rendered from an outbox row.
struct EmailMessage {
    var from: String
    var to: String
    var subject: String
    var body: String
    var date: Date
    var messageID: String

    /// Builds the message for `message`, with a Message-ID that stays the same across
    /// retries so a receiver can drop a duplicate.
    init(_ message: OutboxMessage, from: String) {
        self.from = from
        self.to = message.recipient
        self.subject = message.subject
        self.body = message.body
        self.date = message.createdAt
        let domain = EmailMessage.domain(of: from) ?? "marquee.invalid"
        self.messageID = "<outbox.\(message.id).\(Int(message.createdAt.timeIntervalSince1970))@\(domain)>"
    }

    /// The message as bytes, lines ending with `lineEnding` ("\r\n" on the wire and in .eml
    /// files; "\n" for a local `sendmail`).
    func rendered(lineEnding: String = "\r\n") -> Data {
        let headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.headerSafe(from))",
            "To: \(Self.headerSafe(to))",
            "Subject: \(Self.encodedWord(Self.headerSafe(subject), lineEnding: lineEnding))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let bodyLines = body
            .replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let text = headers.joined(separator: lineEnding) + lineEnding + lineEnding
            + bodyLines.joined(separator: lineEnding) + lineEnding
        return Data(text.utf8)
    }

    /// `Tue, 04 Mar 2025 18:30:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        SharedDateFormatters.formatter("EEE, dd MMM yyyy HH:mm:ss Z", timeZone: TimeZone(identifier: "UTC")!).string(from: date)
    }

    /// Header values never carry line breaks: a value with CR or LF could add headers.
    static func headerSafe(_ value: String) -> String {
        String(value.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : Character($0) })
    }

    /// ASCII text as is; anything else as RFC 2047 encoded words (`=?UTF-8?B?…?=`), each
    /// short enough for a header line.
    static func encodedWord(_ text: String, lineEnding: String = "\r\n") -> String {
        guard !text.unicodeScalars.allSatisfy({ $0.isASCII }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            // 45 bytes of UTF-8 make 60 characters of base64: the word stays under 75.
            if chunk.utf8.count + character.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words
            .map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }
            .joined(separator: lineEnding + " ")
    }

    /// The domain of an address like "Name <user@example.com>" or "user@example.com".
    static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...].prefix { $0 != ">" && !$0.isWhitespace }
        return domain.isEmpty ? nil : String(domain)
    }
}
