import Foundation
import Glibc
import Synchronization
import Varlink
import VarlinkServer
import Testing

/// Slots reserved per priority and the idle timeout: lower priorities never take the slots kept for
/// higher ones, and idle lower-priority connections are closed while streams and critical
/// connections stay.
@Suite struct ConnectionPriorityTests {
    /// The priority the next connection gets (every test connection has the same peer).
    final class NextPriority: Sendable {
        let value = Mutex(ConnectionPriority.standard)
        func classify(_ peer: PeerCredentials) -> ConnectionPriority { value.withLock { $0 } }
    }

    /// A connection of `priority`, proven admitted (true) or refused (false) by a call.
    static func connect(_ fixture: ServiceFixture, as priority: ConnectionPriority, _ next: NextPriority) -> (VarlinkConnection, Bool)? {
        next.value.withLock { $0 = priority }
        guard let connection = try? fixture.connect() else { return nil }
        return (connection, (try? connection.call("io.pumpd.Test.GetStatus")) != nil)
    }

    @Test func lowerPrioritiesNeverTakeTheSlotsReservedForHigherOnes() async throws {
        let next = NextPriority()
        let limits = VarlinkService.Limits(maxConnections: 6, maxConnectionsPerUser: 100, reservedForElevated: 2, reservedForCritical: 1)
        try await ServiceFixture.with(limits: limits, classify: next.classify) { fixture in
            try await blocking {
                var held: [VarlinkConnection] = []
                func admitted(_ priority: ConnectionPriority) -> Bool {
                    guard let (connection, served) = Self.connect(fixture, as: priority, next) else { return false }
                    if served { held.append(connection) } else { connection.close() }
                    return served
                }
                // Standard: 6 − 2 − 1 = 3 slots.
                #expect((0..<5).map { _ in admitted(.standard) } == [true, true, true, false, false])
                // Elevated: up to 6 − 1 = 5 open.
                #expect((0..<3).map { _ in admitted(.elevated) } == [true, true, false])
                // Critical: the last slot.
                #expect(admitted(.critical))
                #expect(!admitted(.critical), "the hard limit holds for everyone")
                #expect(held.count == 6)
                for connection in held { connection.close() }
            }
        }
    }

    @Test func idleConnectionsBelowCriticalAreClosedButStreamsAndCriticalOnesStay() async throws {
        let next = NextPriority()
        // Long enough that a loaded machine never lets it pass between a connect and its first call.
        let limits = VarlinkService.Limits(idleTimeout: .milliseconds(1500))
        try await ServiceFixture.with(limits: limits, classify: next.classify) { fixture in
            try await blocking {
                let (idle, idleServed) = try #require(Self.connect(fixture, as: .standard, next))
                #expect(idleServed)
                // The stream's first call is the watch, so it is never idle between calls.
                next.value.withLock { $0 = .elevated }
                let streaming = try fixture.connect()
                try streaming.send(VarlinkCall(method: "io.pumpd.Test.Watch", more: true))
                #expect(try streaming.receiveReply().continues)
                let (critical, criticalServed) = try #require(Self.connect(fixture, as: .critical, next))
                #expect(criticalServed)
                // The idle one is closed: its next read sees the end, well within the 10 s receive bound.
                #expect(throws: VarlinkTransportError.connectionClosed) { _ = try idle.receiveMessage() }
                // Two more timeouts later, the stream runs and the critical connection answers.
                usleep(3_200_000)
                #expect(!fixture.probe.snapshot.contains("watch cancelled"))
                #expect(try critical.call("io.pumpd.Test.GetStatus") == ["rate": 120])
                streaming.close()
                critical.close()
            }
        }
    }

    /// The idle timer is not re-armed per call but checks, when it fires, how long the connection
    /// has been idle: calls spread over several timeouts keep the connection, and a call still
    /// running when the timer fires does not count as idleness; silence afterwards still closes it.
    @Test func aConnectionCalledMoreOftenThanTheIdleTimeoutStaysOpenAndClosesOnceSilent() async throws {
        let limits = VarlinkService.Limits(idleTimeout: .milliseconds(1000))
        try await ServiceFixture.with(limits: limits) { fixture in
            try await blocking {
                let connection = try fixture.connect()
                // Over three timeouts: calls at most 250 ms apart, answered at once and by a task.
                for round in 0..<12 {
                    if round % 2 == 0 {
                        #expect(try connection.call("io.pumpd.Test.Instant", parameters: ["tag": .string("r\(round)")]) == ["tag": .string("r\(round)")])
                    } else {
                        #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
                    }
                    usleep(250_000)
                }
                // A call running for longer than the timeout is not idleness.
                #expect(try connection.call("io.pumpd.Test.Slow", parameters: ["id": 1, "ms": 1500]) == ["id": 1])
                #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
                // Then silence: closed, its next read sees the end, well within the 10 s receive bound.
                #expect(throws: VarlinkTransportError.connectionClosed) { _ = try connection.receiveMessage() }
            }
        }
    }

    @Test func reservesThatLeaveStandardConnectionsNoSlotAreRefused() {
        let limits = VarlinkService.Limits(maxConnections: 4, reservedForElevated: 2, reservedForCritical: 2)
        #expect(throws: VarlinkServiceError.self) {
            try VarlinkService(configuration: ServiceFixture.configuration(limits: limits, records: CallRecords()), interfaces: [])
        }
    }
}
