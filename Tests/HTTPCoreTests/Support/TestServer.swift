import HTTPCore
import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps messages, for checking the access log.
struct CapturingLogHandler: LogHandler {
    let messages: NIOLockedValueBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.messages.withLockedValue { $0.append("\(event.message)") }
    }
}

extension Logger {
    /// A logger that drops everything.
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A logger whose messages land in the returned box.
    static func capturing() -> (Logger, NIOLockedValueBox<[String]>) {
        let box = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "test", factory: { _ in CapturingLogHandler(messages: box) })
        logger.logLevel = .info
        return (logger, box)
    }
}

/// Starts a server on a free loopback port, runs `body` with the port, then shuts it down.
func withServer<T>(
    _ router: Router,
    configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    logger: Logger = .quiet,
    _ body: (Int, HTTPServer) async throws -> T
) async throws -> T {
    var configuration = HTTPServer.Configuration(port: 0, accessLog: false, handlesSignals: false)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, router: router, logger: logger)
    let port = try await server.start()
    do {
        let result = try await body(port, server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
