import Logging
import NIOPosix

/// Writing responses: head with the headers the server owns (`Content-Length`, `Date`,
/// `Connection`, `Vary`), then bytes or a file in chunks, then the end, the access-log line
/// and the connection state machine's next step.
extension HTTPChannelHandler {
    /// Writes `response` for the request in progress.
    func write(_ response: Response, context: ChannelHandlerContext) {
        let isHead = self.inFlight?.method == .HEAD
        let status = response.status
        let bodyCount = response.body.count
        let hasBody = status.mayHaveResponseBody && status != .notModified
        let keepsAlive = self.machine.responseHeadWillBeWritten()

        // The head's headers are built in one pass over the handler's: the ones the server
        // owns are dropped where it sets them itself, the others noted. Building the list and
        // wrapping it once skips what `HTTPHeaders.add` and `replaceOrAdd` cost per call (an
        // ASCII check of the name, a scan of all headers, a copy of the shared array).
        var list: [(String, String)] = []
        list.reserveCapacity(response.headers.count + 4)
        var hasContentLength = false
        // A HEAD answer's body is gone; its Content-Length tells the length the GET's had.
        var headBodyCount = 0
        var hasDate = false
        var hasContentEncoding = false
        var contentType: String?
        for (name, value) in response.headers {
            // Most names are told apart by their length alone.
            switch name.utf8.count {
            case 4:
                if !hasDate, Self.name(name, is: "date") { hasDate = true }
            case 10:
                // Replaced by `close` when the connection closes after this response.
                if !keepsAlive, Self.name(name, is: "connection") { continue }
            case 12:
                if contentType == nil, Self.name(name, is: "content-type") { contentType = value }
            case 14:
                if Self.name(name, is: "content-length") {
                    // Kept only on a HEAD answer (the length of the body it would have had);
                    // otherwise set from the body, or dropped when there is none.
                    guard hasBody, isHead else { continue }
                    hasContentLength = true
                    headBodyCount = Int(value) ?? 0
                }
            case 16:
                if !hasContentEncoding, Self.name(name, is: "content-encoding") { hasContentEncoding = true }
            default:
                break
            }
            list.append((name, value))
        }
        if hasBody, !hasContentLength {
            list.append(("content-length", String(bodyCount)))
        }
        if !hasDate {
            list.append(("date", self.loopContext.dateHeader()))
        }
        if !keepsAlive {
            list.append(("connection", "close"))
        }

        // Whether the body is compressed for a client that accepts an encoding. A HEAD answer
        // says what its GET would (the same `Vary`, and no identity length to such a client),
        // with nothing to compress.
        var compressible = false
        if hasBody, (isHead ? headBodyCount : bodyCount) >= self.settings.compressionMinimumSize,
            let contentType, MediaType.isCompressible(contentType), !hasContentEncoding
        {
            compressible = true
            list.append(("vary", "Accept-Encoding"))
        }
        let headers = HTTPHeaders(list)
        self.compression.allowed = compressible && !isHead
        self.compression.lengthDependsOnEncoding = compressible && isHead
        self.compression.isCompressing = false

        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        switch response.body {
        case .bytes(let buffer) where hasBody && !isHead && buffer.readableBytes > 0:
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            self.writeEnd(status: status, bytes: bodyCount, context: context)
        case .file(let path, let size) where hasBody && !isHead && size > 0:
            self.streamFile(path: path, size: size, head: head, context: context)
        case .empty, .bytes, .file:
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            self.writeEnd(status: status, bytes: 0, context: context)
        }
    }

    /// Opens the file first (a vanished file still gets a clean 404), then writes the head
    /// and the file in chunks; each chunk waits for the previous write, so a slow client
    /// holds at most one chunk in memory.
    func streamFile(path: String, size: Int, head: HTTPResponseHead, context: ChannelHandlerContext) {
        let eventLoop = context.eventLoop
        let boundHandler = NIOLoopBound(self, eventLoop: eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: eventLoop)
        let fileIO = self.fileIO
        let chunkSize = self.settings.fileChunkSize
        let allocator = context.channel.allocator
        fileIO.openFile(_deprecatedPath: path, mode: .read, eventLoop: eventLoop).whenComplete { result in
            let handler = boundHandler.value
            let context = boundContext.value
            guard case .success(let file) = result else {
                handler.compression.allowed = false
                handler.write(HTTPError(.notFound).response(), context: context)
                return
            }
            context.write(handler.wrapOutboundOut(.head(head)), promise: nil)
            fileIO.readChunked(
                fileHandle: file,
                byteCount: size,
                chunkSize: chunkSize,
                allocator: allocator,
                eventLoop: eventLoop
            ) { chunk in
                let context = boundContext.value
                let written = context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(chunk))))
                boundHandler.value.flush(context: context)
                return written
            }.whenComplete { result in
                try? file.close()
                let handler = boundHandler.value
                let context = boundContext.value
                switch result {
                case .success:
                    handler.writeEnd(status: head.status, bytes: size, context: context)
                case .failure(let error):
                    // The head is out; the only honest end is closing the connection.
                    handler.logger.error("Streaming \(path) failed: \(error)")
                    handler.machine.channelInactive()
                    context.close(promise: nil)
                }
            }
        }
    }

    func writeEnd(status: HTTPResponseStatus, bytes: Int, context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        if self.settings.accessLog, let inFlight = self.inFlight {
            let micros = (now - inFlight.start).nanoseconds / 1000
            self.logger.info(
                "\(inFlight.method.rawValue) \(inFlight.path) \(status.code) \(bytes) \(micros / 1000).\(Self.threeDigits(micros % 1000))ms"
            )
        }
        self.inFlight = nil
        // Decide before writing: the pipelining handler may hand us the next request while
        // the end is being written.
        let action = self.machine.responseEnded(now: now)
        // The pipelining handler delivers a buffered next request during this write; those
        // parts did not come from a socket read (see `channelReadComplete`).
        let wasWritingEnd = self.isWritingEnd
        self.isWritingEnd = true
        switch action {
        case .none, .scheduleTimer:
            context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            self.flush(context: context)
            self.isWritingEnd = wasWritingEnd
            self.perform(action)
        case .close, .closeOutputAndDrain:
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.write(self.wrapOutboundOut(.end(nil))).whenComplete { _ in
                handler.value.perform(action)
            }
            self.flush(context: context)
            self.isWritingEnd = wasWritingEnd
        }
    }

    /// Flushes the response written so far, past the compressor unless it is compressing.
    func flush(context: ChannelHandlerContext) {
        if !self.compression.isCompressing, let compressorContext = self.compression.compressorContext {
            compressorContext.flush()
        } else {
            context.flush()
        }
    }

    private static func threeDigits(_ value: Int64) -> String {
        value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }

    /// Whether the header name `name` is `lowercased`, in any case (ASCII).
    private static func name(_ name: String, is lowercased: StaticString) -> Bool {
        // Over the contiguous bytes: index-by-index `UTF8View` walks cost several times as much.
        lowercased.withUTF8Buffer { expected in
            var name = name
            return name.withUTF8 { bytes in
                if bytes.count != expected.count { return false }
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    if lower != expected[index] { return false }
                }
                return true
            }
        }
    }
}
