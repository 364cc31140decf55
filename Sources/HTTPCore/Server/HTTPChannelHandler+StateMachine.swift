extension HTTPChannelHandler {
    /// The life of one connection: waiting for a request, reading its head and body,
    /// responding, keeping alive or closing, with the timeouts of each phase and graceful
    /// quiescing. Pure: every event returns an ``Action`` that the handler carries out, and
    /// time comes in as a parameter so tests drive it directly.
    ///
    /// Timeouts share one timer per connection: events mostly just move ``deadline``; when the
    /// timer fires, ``timerFired(now:)`` either closes or asks to re-arm it at the newer
    /// deadline. Only a deadline earlier than the armed timer reschedules it, which keeps
    /// keep-alive traffic free of per-request timer scheduling.
    struct StateMachine {
        enum State: Equatable {
            /// Between requests, nothing received yet; the idle timeout runs.
            case idle
            /// Bytes of a request head arrived; the head timeout runs from the first byte.
            case readingHead
            /// The head is in; the body arrives (the idle timeout runs between reads, within
            /// the body timeout from the head).
            case readingBody
            /// The request is complete (or was refused early); the handler runs, no timeout.
            case responding
            /// After a refused request whose body was not read: output closed, the rest is
            /// read and dropped until the client closes or the linger deadline passes.
            case draining
            /// Closed or about to be; every further event is ignored.
            case closed
        }

        enum Action: Equatable {
            case none
            /// Arm the connection's timer for this deadline.
            case scheduleTimer(NIODeadline)
            /// Close the connection now.
            case close
            /// Close our side for writing and drop what still arrives until the deadline (the
            /// timer is to be armed for it), so the client reads our answer, not a reset.
            case closeOutputAndDrain(until: NIODeadline)
        }

        /// What to do with a protocol error from the parser.
        enum ErrorAction: Equatable {
            /// No response has started: send the error response, then close.
            case respondAndClose
            /// A response is under way or the connection is closing: just close.
            case close
        }

        let idleTimeout: TimeAmount
        let headTimeout: TimeAmount
        /// How long a body may take in all, from its head: a client sending a byte now and
        /// then would otherwise keep its connection, and the body read so far, for ever.
        let bodyTimeout: TimeAmount
        /// How long a connection drains the unread body of a refused request.
        let lingerTimeout: TimeAmount

        private(set) var state: State = .idle
        /// When the current phase times out; `nil` while responding.
        private(set) var deadline: NIODeadline?
        /// When the body being read runs out of time, however it trickles in.
        private var bodyDeadline: NIODeadline?
        /// When the armed timer fires, if one is armed.
        private(set) var timerDeadline: NIODeadline?
        private(set) var isQuiescing = false
        /// Whether the client wants the connection kept alive after this request.
        private var requestKeepAlive = true
        /// Fixed when the response head is written: whether the connection closes after it.
        private var closeAfterResponse = false
        /// Whether the request's body was completely read (else a final close drains).
        private var requestComplete = true
        /// Bytes of a next (pipelined) request arrived while responding.
        private var bytesWaiting = false

        init(idleTimeout: TimeAmount, headTimeout: TimeAmount, bodyTimeout: TimeAmount, lingerTimeout: TimeAmount = .seconds(2)) {
            self.idleTimeout = idleTimeout
            self.headTimeout = headTimeout
            self.bodyTimeout = bodyTimeout
            self.lingerTimeout = lingerTimeout
        }

        /// The connection is open: wait for a request.
        mutating func channelActive(now: NIODeadline) -> Action {
            guard self.state == .idle else { return .none }
            self.deadline = now + self.idleTimeout
            return self.armTimer()
        }

        /// Raw bytes arrived from the client.
        mutating func bytesReceived(now: NIODeadline) -> Action {
            switch self.state {
            case .idle:
                // The first byte of a head starts the head timeout: a client trickling its
                // head byte by byte is cut off after `headTimeout` however busy it looks.
                self.state = .readingHead
                self.deadline = now + self.headTimeout
                return self.armTimer()
            case .readingBody:
                self.deadline = self.bodyReadDeadline(now: now)
                return self.armTimer()
            case .responding:
                self.bytesWaiting = true
                return .none
            case .readingHead, .draining, .closed:
                return .none
            }
        }

        /// The idle timeout from `now`, but never past the body's own deadline.
        private func bodyReadDeadline(now: NIODeadline) -> NIODeadline {
            let idle = now + self.idleTimeout
            guard let bodyDeadline = self.bodyDeadline else { return idle }
            return min(idle, bodyDeadline)
        }

        /// A request head was parsed. Returns whether to process the request: a connection
        /// that is closing or draining ignores further requests.
        mutating func headReceived(now: NIODeadline, keepAlive: Bool) -> Bool {
            switch self.state {
            case .idle, .readingHead:
                self.state = .readingBody
                self.requestKeepAlive = keepAlive
                self.closeAfterResponse = false
                self.requestComplete = false
                self.bytesWaiting = false
                self.bodyDeadline = now + self.bodyTimeout
                self.deadline = self.bodyReadDeadline(now: now)
                return true
            case .readingBody, .responding, .draining, .closed:
                return false
            }
        }

        /// The request's end arrived: the handler runs now, with no timeout (shutdown's grace
        /// period bounds it).
        mutating func requestEnded() -> Bool {
            guard self.state == .readingBody else { return false }
            self.state = .responding
            self.requestComplete = true
            self.deadline = nil
            return true
        }

        /// The request is refused before its body was read (413): respond, then close.
        mutating func requestRefused() -> Bool {
            guard self.state == .readingBody else { return false }
            self.state = .responding
            self.closeAfterResponse = true
            self.deadline = nil
            return true
        }

        /// The response head is about to be written. Returns whether the connection stays
        /// open after this response (`false` means a `Connection: close` header).
        mutating func responseHeadWillBeWritten() -> Bool {
            if !self.requestKeepAlive || self.isQuiescing {
                self.closeAfterResponse = true
            }
            return !self.closeAfterResponse
        }

        /// The response's end is about to be written. Called before the write because the
        /// pipelining handler may deliver the next buffered request during it.
        mutating func responseEnded(now: NIODeadline) -> Action {
            guard self.state == .responding else { return .none }
            if self.closeAfterResponse || self.isQuiescing {
                if self.requestComplete {
                    self.state = .closed
                    self.deadline = nil
                    return .close
                }
                self.state = .draining
                let until = now + self.lingerTimeout
                self.deadline = until
                self.timerDeadline = until
                return .closeOutputAndDrain(until: until)
            }
            if self.bytesWaiting {
                self.state = .readingHead
                self.deadline = now + self.headTimeout
            } else {
                self.state = .idle
                self.deadline = now + self.idleTimeout
            }
            self.bytesWaiting = false
            return self.armTimer()
        }

        /// The server is shutting down: close now if between requests, else after the
        /// response in progress.
        mutating func quiesce() -> Action {
            self.isQuiescing = true
            switch self.state {
            case .idle, .readingHead:
                self.state = .closed
                self.deadline = nil
                return .close
            case .readingBody, .responding, .draining, .closed:
                return .none
            }
        }

        /// The parser reported a malformed request or an oversized head.
        mutating func protocolError() -> ErrorAction {
            switch self.state {
            case .idle, .readingHead, .readingBody:
                self.state = .closed
                self.deadline = nil
                return .respondAndClose
            case .responding, .draining, .closed:
                self.state = .closed
                self.deadline = nil
                return .close
            }
        }

        /// The connection's timer fired.
        mutating func timerFired(now: NIODeadline) -> Action {
            self.timerDeadline = nil
            guard self.state != .closed, let deadline = self.deadline else { return .none }
            if now >= deadline {
                self.state = .closed
                self.deadline = nil
                return .close
            }
            return self.armTimer()
        }

        /// The connection closed.
        mutating func channelInactive() {
            self.state = .closed
            self.deadline = nil
        }

        /// Arms the timer unless one already fires no later than the deadline (it then finds
        /// the deadline not yet reached and re-arms itself). The handler replaces any armed
        /// timer when told to schedule.
        private mutating func armTimer() -> Action {
            guard let deadline = self.deadline else { return .none }
            if let armed = self.timerDeadline, armed <= deadline { return .none }
            self.timerDeadline = deadline
            return .scheduleTimer(deadline)
        }
    }
}
