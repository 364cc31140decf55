import Logging
import NIOHTTPCompression
import NIOPosix

/// A connection's response compression: the `HTTPResponseCompressor` from swift-nio-extras,
/// put in the pipeline (just before the ``HTTPChannelHandler``) by the first request that
/// sends `Accept-Encoding`, and kept there for the rest of the connection.
///
/// Until then there is nothing to compress for (without `Accept-Encoding` the compressor
/// never compresses), and leaving it out saves four pipeline hops and its bookkeeping on
/// every request of clients that do not ask for an encoding.
///
/// The handler decides, per response, whether compression is allowed (text, big enough,
/// not `HEAD`), and the compressor's predicate reads the decision while the head passes.
final class CompressionDecision {
    /// Whether the response being written may be compressed (set by the handler).
    var allowed = false
    /// Whether the compressor is compressing it (allowed, and the client accepts gzip or
    /// deflate): set by its predicate as the head passes.
    var isCompressing = false
    /// Whether the response being written answers a `HEAD` whose `GET` would be compressed
    /// (set by the handler). For a client that accepts an encoding, the predicate then drops
    /// its `Content-Length`: the identity length is not what the `GET` would send (RFC 9110
    /// §8.6 forbids announcing it), and the compressed one is not known without compressing.
    var lengthDependsOnEncoding = false
    /// The compressor's own context, once it is installed (cleared when the handler leaves
    /// the pipeline, breaking the cycle through the compressor's predicate). Flushing through
    /// it skips the compressor, whose flush allocates and fails a promise even when it holds
    /// nothing (a measurable cost on every uncompressed response).
    var compressorContext: ChannelHandlerContext?
    private var isInstalled = false

    /// Whether a request with `head` needs the compressor, which is not in the pipeline yet.
    func needsCompressor(for head: HTTPRequestHead) -> Bool {
        !self.isInstalled && head.headers.contains(name: "accept-encoding")
    }

    /// Adds the compressor to the pipeline just before `handler`, and hands it `head` (which
    /// has already passed that position) so that it records the request's `Accept-Encoding`,
    /// the way it does for every head that passes it; the compressor then passes the head
    /// on to `handler`.
    func installCompressor(
        before handler: HTTPChannelHandler,
        context: ChannelHandlerContext,
        head: HTTPRequestHead
    ) throws {
        self.isInstalled = true
        let compressor = HTTPResponseCompressor(initialByteBufferCapacity: 0) { head, clientAccepts in
            self.isCompressing = self.allowed && clientAccepts
            if self.lengthDependsOnEncoding, clientAccepts {
                head.headers.remove(name: "content-length")
            }
            return self.allowed ? .compressIfPossible : .doNotCompress
        }
        let pipeline = context.pipeline.syncOperations
        try pipeline.addHandler(compressor, position: .before(handler))
        let compressorContext = try pipeline.context(handler: compressor)
        self.compressorContext = compressorContext
        compressor.channelRead(context: compressorContext, data: NIOAny(HTTPServerRequestPart.head(head)))
    }
}

/// Serves HTTP requests on one connection: collects each request's body up to its route's
/// limit, runs the router's handler chain in a task on the connection's event loop, writes
/// the response (bytes or a file streamed in chunks), and carries out the connection
/// ``StateMachine``'s timeouts, keep-alive and quiescing.
///
/// Requests arrive one at a time: `HTTPServerPipelineHandler` holds pipelined requests back
/// until the previous response is written, so responses go out in order.
final class HTTPChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    struct Settings: Sendable {
        var defaultBodyLimit: Int
        var idleTimeout: TimeAmount
        var headTimeout: TimeAmount
        var bodyTimeout: TimeAmount
        var compressionMinimumSize: Int
        var accessLog: Bool
        var runsHandlersOnEventLoop: Bool
        var fileChunkSize = 64 * 1024
    }

    /// The request being received (head in, end not yet).
    struct Incoming {
        var request: Request
        var bodyLimit: Int
        /// The answer to a body over `bodyLimit`.
        var refusal: HTTPError
    }

    /// What the access log and the writer need of the request being answered.
    struct InFlight {
        var method: HTTPMethod
        var path: String
        var start: NIODeadline
    }

    let responder: RouterResponder
    let settings: Settings
    let logger: Logger
    let loopContext: EventLoopContext
    let compression: CompressionDecision
    let fileIO: NonBlockingFileIO

    var machine: StateMachine
    var context: ChannelHandlerContext?
    var timer: Scheduled<Void>?
    var incoming: Incoming?
    var inFlight: InFlight?
    var remoteAddress: String?
    /// Where raw bytes are written from (see ``writeRaw(_:)``).
    var rawWriteContext: ChannelHandlerContext?
    /// Whether request parts reached the handler since the last `channelReadComplete`, from
    /// the socket (parts the pipelining handler releases while we write an end do not count).
    private var partsArrivedInRead = false
    /// Set while the end of a response is written, during which the pipelining handler may
    /// deliver the next (buffered) request.
    var isWritingEnd = false
    /// Runs this connection's handlers (created with the first request).
    var worker: ConnectionWorker?

    init(
        responder: RouterResponder,
        settings: Settings,
        logger: Logger,
        loopContext: EventLoopContext,
        compression: CompressionDecision,
        fileIO: NonBlockingFileIO
    ) {
        self.responder = responder
        self.settings = settings
        self.logger = logger
        self.loopContext = loopContext
        self.compression = compression
        self.fileIO = fileIO
        self.machine = StateMachine(idleTimeout: settings.idleTimeout, headTimeout: settings.headTimeout, bodyTimeout: settings.bodyTimeout)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.rawWriteContext = Self.rawWriteContext(in: context.pipeline)
        self.remoteAddress = context.channel.remoteAddress?.ipAddress
        if context.channel.isActive {
            self.perform(self.machine.channelActive(now: .now()))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.worker?.close()
        self.worker = nil
        self.cancelTimer()
        self.context = nil
        self.rawWriteContext = nil
        self.compression.compressorContext = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        self.perform(self.machine.channelActive(now: .now()))
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.worker?.close()
        self.machine.channelInactive()
        self.cancelTimer()
        self.incoming = nil
        context.fireChannelInactive()
    }

    /// Tells the state machine about bytes from the socket, once per read burst.
    ///
    /// The head timeout starts at the first byte of a head, which the decoder does not
    /// report; but a burst that delivered no request part to the handler carried bytes the
    /// decoder holds (a partial head, or a next request behind a response in progress), and
    /// in `readingBody` any burst is body bytes. A burst that did deliver parts has already
    /// moved the machine along (as a raw-byte observer before the decoder would have, with
    /// no handler hop on every read).
    func channelReadComplete(context: ChannelHandlerContext) {
        let partsArrived = self.partsArrivedInRead
        self.partsArrivedInRead = false
        if !partsArrived || self.machine.state == .readingBody {
            self.perform(self.machine.bytesReceived(now: .now()))
        }
        context.fireChannelReadComplete()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !self.isWritingEnd {
            self.partsArrivedInRead = true
        }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            if self.compression.needsCompressor(for: head) {
                do {
                    // The compressor passes the head back to us, right here.
                    try self.compression.installCompressor(before: self, context: context, head: head)
                    return
                } catch {
                    // Not expected on a live pipeline; answer uncompressed.
                    self.logger.debug("Could not add the response compressor: \(error)")
                }
            }
            self.receiveHead(head, context: context)
        case .body(var buffer):
            guard self.incoming != nil else { return }  // a refused or ignored request
            if self.incoming!.request.body.readableBytes + buffer.readableBytes > self.incoming!.bodyLimit {
                self.refuse(self.incoming!.refusal, context: context)
                return
            }
            if self.incoming!.request.body.readableBytes == 0 {
                self.incoming!.request.body = buffer
            } else {
                self.incoming!.request.body.writeBuffer(&buffer)
            }
        case .end:
            guard let incoming = self.incoming else { return }
            self.incoming = nil
            guard self.machine.requestEnded() else { return }
            self.run(incoming.request, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is HTTPServer.QuiesceEvent {
            self.perform(self.machine.quiesce())
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            // I/O errors (a reset by the peer, say) end only this connection.
            self.logger.debug("Connection error: \(error)", metadata: ["remote": "\(self.remoteAddress ?? "-")"])
            self.machine.channelInactive()
            context.close(promise: nil)
            return
        }
        self.incoming = nil
        switch self.machine.protocolError() {
        case .respondAndClose:
            let status: HTTPResponseStatus =
                parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
            let message = status == .badRequest ? "Malformed request." : "Request header fields too large."
            let bytes = Self.closingResponse(
                status,
                message: message,
                date: self.loopContext.dateHeader()
            )
            if self.settings.accessLog {
                self.logger.info("- - \(status.code) \(message.utf8.count) 0.000ms")
            }
            if let written = self.writeRaw(bytes) {
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
        case .close:
            context.close(promise: nil)
        }
    }

    // MARK: Requests

    private func receiveHead(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        // One clock reading for the state machine and the access log (each costs a little on
        // every request).
        let now = NIODeadline.now()
        guard self.machine.headReceived(now: now, keepAlive: head.isKeepAlive) else { return }
        var request = Request(
            method: head.method,
            uri: head.uri,
            headers: head.headers,
            remoteAddress: self.remoteAddress,
            version: head.version
        )
        let (bodyLimit, refusal) = self.responder.route(&request, serverDefault: self.settings.defaultBodyLimit)
        self.inFlight = InFlight(method: head.method, path: request.path, start: now)
        self.incoming = Incoming(request: request, bodyLimit: bodyLimit, refusal: refusal)

        // Refuse an announced oversized body before reading a byte of it.
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > bodyLimit {
            self.refuse(refusal, context: context)
            return
        }
        if head.version.major == 1, head.version.minor >= 1,
            let expect = head.headers.first(name: "expect"), expect.lowercased() == "100-continue"
        {
            _ = self.writeRaw(Self.continueResponse)
        }
    }

    /// Answers the request being received with `error` before its body is read, then closes.
    /// The answer comes from the handler chain (with an empty body and no route handler run),
    /// so the application's error middleware renders it like its other error pages.
    private func refuse(_ error: HTTPError, context: ChannelHandlerContext) {
        guard var request = self.incoming?.request else { return }
        self.incoming = nil
        guard self.machine.requestRefused() else { return }
        request.body = ByteBuffer()
        request.match = .refused(error)
        self.run(request, context: context)
    }

    /// Runs the handler chain: on the connection's worker task on this event loop, or, when
    /// handlers are to run off the loop, in a task on the global executor.
    private func run(_ request: Request, context: ChannelHandlerContext) {
        if self.settings.runsHandlersOnEventLoop {
            if self.worker == nil {
                self.worker = ConnectionWorker(responder: self.responder, executor: self.loopContext.executor, handler: self)
            }
            self.worker!.submit(request)
            return
        }
        let responder = self.responder
        let eventLoop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        Task {
            let response = await responder.respond(to: request)
            eventLoop.execute { handler.value.finish(response) }
        }
    }

    /// Writes the response of the request in progress (called on the loop).
    func finish(_ response: Response) {
        guard let context = self.context, self.machine.state == .responding else {
            // The connection went away while the handler ran.
            return
        }
        self.write(response, context: context)
    }

    // MARK: Actions and the timer

    func perform(_ action: StateMachine.Action) {
        guard let context = self.context else { return }
        switch action {
        case .none:
            break
        case .scheduleTimer(let deadline):
            self.schedule(at: deadline)
        case .close:
            self.cancelTimer()
            context.close(promise: nil)
        case .closeOutputAndDrain(let until):
            // Half-close so the client sees our answer and an end, and keep reading (and
            // dropping) whatever it still sends; closing outright with unread data would
            // make the kernel send a reset that can destroy the answer in flight.
            context.close(mode: .output, promise: nil)
            self.schedule(at: until)
        }
    }

    private func schedule(at deadline: NIODeadline) {
        guard let context = self.context else { return }
        self.timer?.cancel()
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.perform(self.machine.timerFired(now: .now()))
        }
    }

    private func cancelTimer() {
        self.timer?.cancel()
        self.timer = nil
    }
}

@available(*, unavailable)
extension HTTPChannelHandler: Sendable {}
