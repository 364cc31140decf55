@testable import HTTPCore
import Testing

/// The connection state machine, driven directly with explicit times.
struct ConnectionStateMachineTests {
    typealias Machine = HTTPChannelHandler.StateMachine
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func makeMachine() -> Machine {
        Machine(idleTimeout: .seconds(60), headTimeout: .seconds(10), bodyTimeout: .seconds(120), lingerTimeout: .seconds(2))
    }

    @Test func idleConnectionTimesOut() {
        var machine = self.makeMachine()
        #expect(machine.channelActive(now: self.start) == .scheduleTimer(self.start + .seconds(60)))
        #expect(machine.timerFired(now: self.start + .seconds(60)) == .close)
        #expect(machine.state == .closed)
    }

    @Test func headTimeoutStartsAtFirstByteAndTricklingDoesNotExtendIt() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        // The first byte moves the deadline earlier than the armed idle timer: re-arm.
        #expect(machine.bytesReceived(now: self.start + .seconds(1)) == .scheduleTimer(self.start + .seconds(11)))
        // More bytes of the same head change nothing.
        #expect(machine.bytesReceived(now: self.start + .seconds(5)) == .none)
        #expect(machine.bytesReceived(now: self.start + .seconds(9)) == .none)
        #expect(machine.timerFired(now: self.start + .seconds(11)) == .close)
    }

    @Test func keepAliveCycleNeedsNoTimerWork() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.bytesReceived(now: self.start)  // armed at +10
        var now = self.start
        for _ in 0..<5 {
            now = now + .milliseconds(1)
            #expect(machine.bytesReceived(now: now) == .none || machine.state == .readingHead)
            #expect(machine.headReceived(now: now, keepAlive: true) == true)
            #expect(machine.requestEnded() == true)
            #expect(machine.responseHeadWillBeWritten() == true)
            // The timer armed for +10 s fires before the new idle deadline: nothing to schedule.
            #expect(machine.responseEnded(now: now) == .none)
            #expect(machine.state == .idle)
            _ = machine.bytesReceived(now: now)
        }
    }

    @Test func timerFiringBeforeDeadlineRearms() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.bytesReceived(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: true)
        _ = machine.requestEnded()
        _ = machine.responseHeadWillBeWritten()
        _ = machine.responseEnded(now: self.start + .seconds(1))  // idle until +61
        #expect(machine.timerFired(now: self.start + .seconds(10)) == .scheduleTimer(self.start + .seconds(61)))
        #expect(machine.timerFired(now: self.start + .seconds(61)) == .close)
    }

    @Test func noTimeoutWhileResponding() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.bytesReceived(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: true)
        _ = machine.requestEnded()
        #expect(machine.timerFired(now: self.start + .seconds(3600)) == .none)
        #expect(machine.state == .responding)
    }

    @Test func slowBodyTimesOutByIdleTimeoutBetweenReads() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.bytesReceived(now: self.start)
        #expect(machine.headReceived(now: self.start, keepAlive: true) == true)
        _ = machine.bytesReceived(now: self.start + .seconds(30))  // body progress
        #expect(machine.timerFired(now: self.start + .seconds(10)) == .scheduleTimer(self.start + .seconds(90)))
        #expect(machine.timerFired(now: self.start + .seconds(90)) == .close)
    }

    /// A body that keeps trickling in, a byte well inside every idle timeout, is cut off at
    /// the body timeout from its head; the next request gets a full body timeout again.
    @Test func aTricklingBodyIsCutOffAtTheBodyTimeout() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.bytesReceived(now: self.start)
        #expect(machine.headReceived(now: self.start, keepAlive: true) == true)
        #expect(machine.deadline == self.start + .seconds(60))
        for second in stride(from: 40, through: 200, by: 40) {
            _ = machine.bytesReceived(now: self.start + .seconds(Int64(second)))
            #expect(machine.deadline! <= self.start + .seconds(120), "after a byte at \(second) s")
        }
        #expect(machine.deadline == self.start + .seconds(120))
        #expect(machine.timerFired(now: self.start + .seconds(120)) == .close)

        // On a kept-alive connection, each request's body has its own timeout.
        var kept = self.makeMachine()
        _ = kept.channelActive(now: self.start)
        _ = kept.bytesReceived(now: self.start)
        #expect(kept.headReceived(now: self.start, keepAlive: true) == true)
        #expect(kept.requestEnded() == true)
        _ = kept.responseHeadWillBeWritten()
        _ = kept.responseEnded(now: self.start + .seconds(100))
        _ = kept.bytesReceived(now: self.start + .seconds(110))
        #expect(kept.headReceived(now: self.start + .seconds(110), keepAlive: true) == true)
        _ = kept.bytesReceived(now: self.start + .seconds(200))
        #expect(kept.deadline == self.start + .seconds(230))
    }

    @Test func connectionCloseRequestClosesAfterResponse() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: false)
        _ = machine.requestEnded()
        #expect(machine.responseHeadWillBeWritten() == false)
        #expect(machine.responseEnded(now: self.start) == .close)
    }

    @Test func quiesceClosesIdleConnectionsAtOnce() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        #expect(machine.quiesce() == .close)

        var reading = self.makeMachine()
        _ = reading.channelActive(now: self.start)
        _ = reading.bytesReceived(now: self.start)
        #expect(reading.quiesce() == .close)
    }

    @Test func quiesceLetsInFlightRequestFinishThenCloses() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: true)
        _ = machine.requestEnded()
        #expect(machine.quiesce() == .none)
        #expect(machine.responseHeadWillBeWritten() == false)  // "Connection: close"
        #expect(machine.responseEnded(now: self.start) == .close)
        // A pipelined request arriving while closing is ignored.
        #expect(machine.headReceived(now: self.start, keepAlive: true) == false)
    }

    @Test func quiesceAfterHeadWrittenStillCloses() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: true)
        _ = machine.requestEnded()
        #expect(machine.responseHeadWillBeWritten() == true)
        #expect(machine.quiesce() == .none)
        #expect(machine.responseEnded(now: self.start) == .close)
    }

    @Test func refusedRequestDrainsThenCloses() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.bytesReceived(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: true)
        #expect(machine.requestRefused() == true)
        #expect(machine.responseHeadWillBeWritten() == false)
        #expect(machine.responseEnded(now: self.start) == .closeOutputAndDrain(until: self.start + .seconds(2)))
        #expect(machine.state == .draining)
        // The rest of the body is dropped: no request is processed any more.
        #expect(machine.bytesReceived(now: self.start + .seconds(1)) == .none)
        #expect(machine.headReceived(now: self.start, keepAlive: true) == false)
        #expect(machine.requestEnded() == false)
        #expect(machine.timerFired(now: self.start + .seconds(2)) == .close)
    }

    @Test func pipelinedBytesStartTheHeadTimeoutAfterTheResponse() {
        var machine = self.makeMachine()
        _ = machine.channelActive(now: self.start)
        _ = machine.headReceived(now: self.start, keepAlive: true)
        _ = machine.requestEnded()
        _ = machine.bytesReceived(now: self.start)  // the next request's bytes, held back
        _ = machine.responseHeadWillBeWritten()
        _ = machine.responseEnded(now: self.start + .seconds(1))
        #expect(machine.state == .readingHead)
        #expect(machine.deadline == self.start + .seconds(11))
    }

    @Test func protocolErrorsRespondOnlyBeforeAResponseStarted() {
        var fresh = self.makeMachine()
        _ = fresh.channelActive(now: self.start)
        _ = fresh.bytesReceived(now: self.start)
        #expect(fresh.protocolError() == .respondAndClose)
        #expect(fresh.state == .closed)

        var busy = self.makeMachine()
        _ = busy.channelActive(now: self.start)
        _ = busy.headReceived(now: self.start, keepAlive: true)
        _ = busy.requestEnded()
        #expect(busy.protocolError() == .close)
    }
}

/// IMF-fixdate formatting and parsing.
struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 1_738_281_600) == "Fri, 31 Jan 2025 00:00:00 GMT")
    }

    @Test func parsesWhatItFormats() {
        for seconds in [0, 784_111_777, 1_738_281_600, 4_102_444_799] {
            #expect(HTTPDate.parse(HTTPDate.format(epochSeconds: seconds)) == seconds)
        }
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 UTC") == nil)
        #expect(HTTPDate.parse("Sun, 06 Foo 1994 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("garbage") == nil)
    }
}
