import NIOCore

extension HTTPServer {
    /// How the server listens, its limits and timeouts.
    public struct Configuration: Sendable {
        /// The address to bind; loopback by default.
        public var host: String
        /// The port to bind; `0` picks any free port (``HTTPServer/start()`` returns it).
        public var port: Int
        /// The number of event loops (threads), one per core by default.
        public var eventLoopThreads: Int
        /// The most bytes a request head (request line and headers) may have; more is 431.
        public var maxHeadSize: Int
        /// The most body bytes a route accepts unless it sets its own `bodyLimit`; more is 413.
        public var defaultBodyLimit: Int
        /// How long a keep-alive connection may sit between requests, and how long a body
        /// may stall between reads, before the connection is closed.
        public var idleTimeout: TimeAmount
        /// How long a client may take to send a request head, from its first byte.
        public var headTimeout: TimeAmount
        /// How long a client may take to send a request body, from its head, however steadily
        /// it trickles in (120 s carries the largest upload, 6 MB, at 50 KB/s).
        public var bodyTimeout: TimeAmount
        /// How long ``HTTPServer/shutdown()`` waits for in-flight requests before closing
        /// their connections anyway.
        public var shutdownGracePeriod: TimeAmount
        /// Text responses of at least this many bytes are compressed when the client accepts
        /// gzip or deflate.
        public var compressionMinimumSize: Int
        /// Whether to log one line per request (method, path, status, bytes, duration) at
        /// `.info`.
        public var accessLog: Bool
        /// Whether ``HTTPServer/run()`` shuts down gracefully on SIGINT and SIGTERM.
        public var handlesSignals: Bool
        /// Whether handlers start on the connection's event loop (no thread hop for a handler
        /// that does not await elsewhere). Handlers must then never block; turn this off to
        /// run them on Swift's global concurrent executor.
        public var runsHandlersOnEventLoop: Bool
        /// The listen backlog.
        public var backlog: Int
        /// The most connections open at once; one more is closed as it is accepted. Each may
        /// hold a request body being read (up to its route's limit, for up to ``bodyTimeout``),
        /// so this bounds what clients can make the server hold.
        public var maxConnections: Int

        /// Creates a configuration; every parameter has the documented default.
        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            eventLoopThreads: Int = System.coreCount,
            maxHeadSize: Int = 16 * 1024,
            defaultBodyLimit: Int = 1024 * 1024,
            idleTimeout: TimeAmount = .seconds(60),
            headTimeout: TimeAmount = .seconds(10),
            bodyTimeout: TimeAmount = .seconds(120),
            shutdownGracePeriod: TimeAmount = .seconds(10),
            compressionMinimumSize: Int = 1024,
            accessLog: Bool = true,
            handlesSignals: Bool = true,
            runsHandlersOnEventLoop: Bool = true,
            backlog: Int = 256,
            maxConnections: Int = 1_024
        ) {
            self.host = host
            self.port = port
            self.eventLoopThreads = eventLoopThreads
            self.maxHeadSize = maxHeadSize
            self.defaultBodyLimit = defaultBodyLimit
            self.idleTimeout = idleTimeout
            self.headTimeout = headTimeout
            self.bodyTimeout = bodyTimeout
            self.shutdownGracePeriod = shutdownGracePeriod
            self.compressionMinimumSize = compressionMinimumSize
            self.accessLog = accessLog
            self.handlesSignals = handlesSignals
            self.runsHandlersOnEventLoop = runsHandlersOnEventLoop
            self.backlog = backlog
            self.maxConnections = maxConnections
        }
    }
}
