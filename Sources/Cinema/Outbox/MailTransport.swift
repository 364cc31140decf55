public import Foundation

/// Where delivered mail goes.
public enum MailTransport: Sendable, Hashable {
    /// Writes each message as an RFC 5322 `.eml` file into a maildir at this folder
    /// (`tmp/` first, then renamed into `new/`, so a reader never sees half a message).
    case maildir(URL)
    /// Pipes each message to a local `sendmail`-compatible program (`sendmail -t -i` reads
    /// the recipients from the headers).
    case sendmail(path: String, arguments: [String] = ["-t", "-i"])

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Seconds a `sendmail` run may take before it is terminated and counted as a failure.
    static let sendmailTimeout: TimeInterval = 30

    // File and process work blocks a thread: keep it off the cooperative pool.
    private static let queue = DispatchQueue(label: "marquee.mail-transport")

    /// Delivers one message or throws why it could not.
    func deliver(_ message: EmailMessage, uniqueName: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Self.queue.async {
                continuation.resume(with: Result { try self.deliverBlocking(message, uniqueName: uniqueName) })
            }
        }
    }

    private func deliverBlocking(_ message: EmailMessage, uniqueName: String) throws {
        switch self {
        case .maildir(let folder):
            try Self.writeToMaildir(message.rendered(lineEnding: "\r\n"), folder: folder, name: uniqueName + ".eml")
        case .sendmail(let path, let arguments):
            try Self.pipeToSendmail(message.rendered(lineEnding: "\n"), path: path, arguments: arguments)
        }
    }

    private static func writeToMaildir(_ data: Data, folder: URL, name: String) throws {
        let fileManager = FileManager.default
        for sub in ["tmp", "new", "cur"] {
            try fileManager.createDirectory(
                at: folder.appendingPathComponent(sub, isDirectory: true), withIntermediateDirectories: true)
        }
        let temporary = folder.appendingPathComponent("tmp").appendingPathComponent(name)
        let final = folder.appendingPathComponent("new").appendingPathComponent(name)
        try data.write(to: temporary)
        if fileManager.fileExists(atPath: final.path) {
            // A retry after a crash between rename and bookkeeping: the message is there.
            try fileManager.removeItem(at: temporary)
            return
        }
        try fileManager.moveItem(at: temporary, to: final)
    }

    private static func pipeToSendmail(_ data: Data, path: String, arguments: [String]) throws {
        ignoreSIGPIPE
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(path): \(error.localizedDescription)")
        }
        // A sendmail that hangs must not stall the outbox forever.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + sendmailTimeout, execute: watchdog)
        defer { watchdog.cancel() }
        var writeError: (any Error)?
        do {
            try input.fileHandleForWriting.write(contentsOf: data)
        } catch {
            // The program exited without reading (EPIPE); its status tells why.
            writeError = error
        }
        try? input.fileHandleForWriting.close()
        let errorOutput = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            throw Failure(description: "\(path) was terminated by signal \(process.terminationStatus)")
        }
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: errorOutput.prefix(500), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\(path) exited with status \(process.terminationStatus)"
                + (detail.isEmpty ? "" : ": \(detail)"))
        }
        if let writeError {
            throw Failure(description: "\(path) did not read the message: \(writeError)")
        }
    }

    // Writing to a pipe whose reader exited raises SIGPIPE, which would end the server;
    // ignored, the write fails with EPIPE instead. (SwiftNIO servers ignore it as well.)
    private static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
