/// The first handler of a connection, on raw bytes before the HTTP decoder.
///
/// It tells the ``HTTPChannelHandler`` whenever bytes arrive (the head timeout starts at the
/// first byte of a head, which the decoder cannot report), and writes the few answers that
/// must bypass the HTTP handlers: `100 Continue` and the 400/431 sent when the parser gives
/// up (no request head ever reached the handlers behind the decoder, so their state has no
/// place for a response).
final class ConnectionIOHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Set when the pipeline is built; cleared when the handler leaves it (breaking the cycle).
    var owner: HTTPChannelHandler?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.owner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.owner?.bytesReceived()
        context.fireChannelRead(data)
    }

    /// Writes raw bytes straight to the socket and flushes.
    func writeRaw(_ bytes: ByteBuffer) -> EventLoopFuture<Void>? {
        guard let context = self.context else { return nil }
        return context.writeAndFlush(NIOAny(bytes))
    }
}

extension ConnectionIOHandler {
    /// The interim response to `Expect: 100-continue`.
    static let continueResponse = ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")

    /// A complete response closing the connection, for errors found before any request head
    /// was delivered.
    static func closingResponse(_ status: HTTPResponseStatus, message: String, date: String) -> ByteBuffer {
        let body = message
        return ByteBuffer(
            string: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: \(body.utf8.count)\r\n"
                + "date: \(date)\r\n"
                + "connection: close\r\n\r\n"
                + body
        )
    }
}

@available(*, unavailable)
extension ConnectionIOHandler: Sendable {}
