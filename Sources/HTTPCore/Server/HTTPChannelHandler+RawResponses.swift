import NIOHTTP1

/// The few answers that bypass the HTTP encoder, written as raw bytes straight to the
/// socket: `100 Continue`, and the 400/431 sent when the parser gives up (no request head
/// ever reached the handler, so the HTTP parts' state has no place for a response).
extension HTTPChannelHandler {
    /// Finds the context raw bytes are written from: the response encoder's, whose writes
    /// go straight to the socket (called when the handler joins the pipeline).
    static func rawWriteContext(in pipeline: ChannelPipeline) -> ChannelHandlerContext? {
        try? pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
    }

    /// Writes raw bytes straight to the socket and flushes.
    func writeRaw(_ bytes: ByteBuffer) -> EventLoopFuture<Void>? {
        guard let context = self.rawWriteContext else { return nil }
        return context.writeAndFlush(NIOAny(bytes))
    }

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
