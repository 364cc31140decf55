public import Logging
import NIOConcurrencyHelpers
import NIOHTTPCompression
import NIOPosix
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Marquee's HTTP/1.1 server on SwiftNIO: one event loop per core, keep-alive, pipelining,
/// compression, limits, timeouts and graceful shutdown.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080), router: router, logger: logger)
/// try await server.run()   // until SIGINT/SIGTERM, then a graceful shutdown
/// ```
///
/// In tests, bind any free port and stop explicitly:
///
/// ```swift
/// let port = try await server.start()   // configuration.port = 0
/// ...
/// await server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    /// Sent through every connection's pipeline when shutdown begins.
    struct QuiesceEvent: Sendable {}

    private enum Lifecycle {
        case idle
        case starting
        case running(channel: any Channel, group: any EventLoopGroup, ownsGroup: Bool, port: Int)
        case shuttingDown
        case stopped
    }

    private struct State {
        var lifecycle = Lifecycle.idle
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        /// A shutdown asked for while binding; carried out as soon as the bind completes.
        var shutdownRequested = false
    }

    /// The configuration the server was created with.
    public let configuration: Configuration
    private let responder: RouterResponder
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    private let connections = ConnectionRegistry()
    private let fileIO = NonBlockingFileIO(threadPool: .singleton)

    /// Creates a server; nothing is bound until ``start()`` or ``run()``.
    /// - Parameters:
    ///   - configuration: Address, limits and timeouts.
    ///   - router: The routes and middleware, compiled now.
    ///   - logger: The logger for the access log, errors and lifecycle messages.
    public init(configuration: Configuration = Configuration(), router: Router, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.responder = router.makeResponder(logger: logger)
    }

    /// Binds and starts accepting connections.
    /// - Returns: The bound port (useful with port `0`).
    /// - Throws: If the server was already started, or binding fails.
    @discardableResult
    public func start() async throws -> Int {
        try self.state.withLockedValue { state in
            guard case .idle = state.lifecycle else { throw LifecycleError.alreadyStarted }
            state.lifecycle = .starting
        }
        let ownsGroup = self.configuration.eventLoopThreads != System.coreCount
        let group: any EventLoopGroup =
            ownsGroup
            ? MultiThreadedEventLoopGroup(numberOfThreads: max(1, self.configuration.eventLoopThreads))
            : MultiThreadedEventLoopGroup.singleton
        do {
            let channel = try await self.makeBootstrap(group: group)
                .bind(host: self.configuration.host, port: self.configuration.port).get()
            let port = channel.localAddress?.port ?? self.configuration.port
            let shutdownRequested = self.state.withLockedValue { state in
                state.lifecycle = .running(channel: channel, group: group, ownsGroup: ownsGroup, port: port)
                return state.shutdownRequested
            }
            self.logger.info("HTTP server listening on \(self.configuration.host):\(port)")
            if shutdownRequested {
                await self.shutdown()
            }
            return port
        } catch {
            self.state.withLockedValue { $0.lifecycle = .idle }
            if ownsGroup { try? await group.shutdownGracefully() }
            throw error
        }
    }

    /// Serves until ``shutdown()`` is called (or, when ``Configuration/handlesSignals`` is
    /// set, until SIGINT or SIGTERM), then returns after the graceful shutdown.
    public func run() async throws {
        let isIdle = self.state.withLockedValue { state -> Bool in
            if case .idle = state.lifecycle { return true }
            return false
        }
        if isIdle {
            try await self.start()
        }
        let signalSources = self.configuration.handlesSignals ? self.installSignalHandlers() : []
        await self.waitUntilStopped()
        for source in signalSources {
            source.cancel()
        }
    }

    /// Shuts down gracefully: stops accepting, closes idle keep-alive connections at once,
    /// lets requests in flight finish (at most ``Configuration/shutdownGracePeriod``), then
    /// closes whatever is left. Returns when everything is closed; calling it again waits
    /// for the same shutdown.
    public func shutdown() async {
        let running: (channel: any Channel, group: any EventLoopGroup, ownsGroup: Bool)? =
            self.state.withLockedValue { state in
                switch state.lifecycle {
                case .running(let channel, let group, let ownsGroup, _):
                    state.lifecycle = .shuttingDown
                    return (channel, group, ownsGroup)
                case .idle:
                    state.lifecycle = .stopped
                    return nil
                case .starting:
                    state.shutdownRequested = true
                    return nil
                case .shuttingDown, .stopped:
                    return nil
                }
            }
        guard let running else {
            self.resumeWaitersIfStopped()
            await self.waitUntilStopped()
            return
        }
        self.logger.info("HTTP server shutting down")
        try? await running.channel.close()

        let channels = self.connections.beginQuiescing()
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(QuiesceEvent())
        }
        let grace = self.configuration.shutdownGracePeriod
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for channel in channels {
                    try? await channel.closeFuture.get()
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, grace.nanoseconds)))
            }
            await group.next()
            group.cancelAll()
            // Past the grace period: close what is still open, which also ends the first task.
            let remaining = self.connections.openChannels
            if !remaining.isEmpty {
                self.logger.warning("Closing \(remaining.count) connection(s) still busy after the grace period")
            }
            for channel in remaining {
                channel.close(promise: nil)
            }
        }
        if running.ownsGroup {
            try? await running.group.shutdownGracefully()
        }
        self.state.withLockedValue { $0.lifecycle = .stopped }
        self.resumeWaitersIfStopped()
        self.logger.info("HTTP server stopped")
    }

    // MARK: Internals

    private enum LifecycleError: Error {
        case alreadyStarted
    }

    private func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = self.state.withLockedValue { state -> Bool in
                if case .stopped = state.lifecycle { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func resumeWaitersIfStopped() {
        let waiters = self.state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            guard case .stopped = state.lifecycle else { return [] }
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    private func installSignalHandlers() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { signalNumber in
            // Dispatch delivers the signal once the default action (terminating) is off.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                self.logger.info("Received signal \(signalNumber)")
                Task { await self.shutdown() }
            }
            source.resume()
            return source
        }
    }

    private func makeBootstrap(group: any EventLoopGroup) -> ServerBootstrap {
        var loopContexts: [ObjectIdentifier: EventLoopContext] = [:]
        for eventLoop in group.makeIterator() {
            loopContexts[ObjectIdentifier(eventLoop)] = EventLoopContext(eventLoop: eventLoop)
        }
        let contexts = loopContexts
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(self.configuration.backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    // Past the limit a connection is closed as it is accepted: every open one
                    // may hold a request body being read, so their number bounds the memory.
                    guard self.connections.register(channel, limit: self.configuration.maxConnections) else {
                        throw ConnectionLimitReached()
                    }
                    let loopContext = contexts[ObjectIdentifier(channel.eventLoop)]
                        ?? EventLoopContext(eventLoop: channel.eventLoop)
                    try self.installHandlers(on: channel, loopContext: loopContext)
                }
            }
    }

    /// Installs this server's handlers on a connection's pipeline. Must run on the
    /// channel's event loop.
    func installHandlers(on channel: any Channel, loopContext: EventLoopContext) throws {
        let configuration = self.configuration
        let settings = HTTPChannelHandler.Settings(
            defaultBodyLimit: configuration.defaultBodyLimit,
            idleTimeout: configuration.idleTimeout,
            headTimeout: configuration.headTimeout,
            bodyTimeout: configuration.bodyTimeout,
            compressionMinimumSize: configuration.compressionMinimumSize,
            accessLog: configuration.accessLog,
            runsHandlersOnEventLoop: configuration.runsHandlersOnEventLoop
        )
        try HTTPServer.configurePipeline(of: channel, maxHeadSize: configuration.maxHeadSize) { compression in
            HTTPChannelHandler(
                responder: self.responder,
                settings: settings,
                logger: self.logger,
                loopContext: loopContext,
                compression: compression,
                fileIO: self.fileIO
            )
        }
    }

    /// Builds a connection's pipeline: NIO's HTTP/1 codec with
    /// pipelining assistance and head limits, and our handler. The response compressor joins
    /// the pipeline with the first request that asks for an encoding (see
    /// ``CompressionDecision``).
    static func configurePipeline(
        of channel: any Channel,
        maxHeadSize: Int,
        handler makeHandler: (CompressionDecision) -> HTTPChannelHandler
    ) throws {
        let pipeline = channel.pipeline.syncOperations
        var limits = NIOHTTPDecoderLimitConfiguration()
        // The parser counts the request line and every header name and value against this.
        limits.maxHeaderListSize = maxHeadSize
        limits.maxHeaderFieldSize = maxHeadSize
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: true,
            withServerUpgrade: nil,
            withErrorHandling: false,
            withOutboundHeaderValidation: true,
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: limits
        )
        let compression = CompressionDecision()
        let handler = makeHandler(compression)
        try pipeline.addHandler(handler)
    }
}

extension HTTPServer {
    /// Installs the server's per-connection handlers on `channel`, exactly as for an accepted
    /// connection, without binding anything: for benchmarks and tests that push bytes
    /// through a pipeline with no socket (an `EmbeddedChannel`). Call on the channel's loop.
    @_spi(Benchmarks)
    public func installHandlers(on channel: any Channel) throws {
        try self.installHandlers(on: channel, loopContext: EventLoopContext(eventLoop: channel.eventLoop))
    }
}

/// Thrown from the connection initializer to have NIO close a connection accepted past
/// ``HTTPServer/Configuration/maxConnections``.
struct ConnectionLimitReached: Error {}
