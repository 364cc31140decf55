// HTTPCore: Marquee's HTTP/1.1 layer on SwiftNIO (see DESIGN.md). It knows nothing about cinemas.
//
// Users of the module see NIO's HTTP vocabulary (`HTTPMethod`, `HTTPResponseStatus`,
// `HTTPHeaders`, `ByteBuffer`) without importing NIO themselves.
@_exported public import NIOCore
@_exported public import NIOHTTP1
