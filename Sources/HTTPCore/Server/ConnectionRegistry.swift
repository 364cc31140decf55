import NIOConcurrencyHelpers

/// The open connections of a server, so shutdown can quiesce them and wait for them.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var isQuiescing = false
    }

    private let state = NIOLockedValueBox(State())

    /// Tracks `channel` until it closes, unless `limit` connections are open already (then
    /// returns false and the caller closes it). A connection accepted after shutdown began is
    /// told to quiesce at once (it has no request yet, so it closes).
    func register(_ channel: any Channel, limit: Int) -> Bool {
        let id = ObjectIdentifier(channel)
        let (admitted, isQuiescing) = self.state.withLockedValue { state -> (Bool, Bool) in
            guard state.channels.count < limit else { return (false, state.isQuiescing) }
            state.channels[id] = channel
            return (true, state.isQuiescing)
        }
        guard admitted else { return false }
        channel.closeFuture.whenComplete { _ in
            self.state.withLockedValue { _ = $0.channels.removeValue(forKey: id) }
        }
        if isQuiescing {
            channel.pipeline.fireUserInboundEventTriggered(HTTPServer.QuiesceEvent())
        }
        return true
    }

    /// Marks the server as quiescing and returns the connections open now.
    func beginQuiescing() -> [any Channel] {
        self.state.withLockedValue { state in
            state.isQuiescing = true
            return Array(state.channels.values)
        }
    }

    /// The connections open now.
    var openChannels: [any Channel] {
        self.state.withLockedValue { Array($0.channels.values) }
    }
}
