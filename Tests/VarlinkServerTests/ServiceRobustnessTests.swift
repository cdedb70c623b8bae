import Glibc
import Testing
import Varlink
import VarlinkServer

@Suite("Varlink service: limits and hostile clients", .timeLimit(.minutes(1)))
struct ServiceRobustnessTests {
    @Test func closingTheConnectionMidStreamCancelsTheHandlerTask() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                var first: JSONObject?
                try connection.callMore("io.pumpd.Test.Watch") { parameters in
                    first = parameters
                    return false  // closes the connection
                }
                #expect(first == ["n": 0])
                #expect(!connection.isOpen)
            }
            #expect(await fixture.probe.wait { $0.contains("watch cancelled") })
            #expect(!fixture.probe.snapshot.contains("watch ended"))
            #expect(await fixture.records.wait { $0.contains { $0.method == "io.pumpd.Test.Watch" } })
            let watch = try #require(fixture.records.snapshot.first { $0.method == "io.pumpd.Test.Watch" })
            #expect(watch.outcome == .disconnected)
            #expect(watch.replies == 1)
        }
    }

    @Test func peerCredentialsAreThoseOfTheConnectingProcess() async throws {
        let identity = try await ServiceFixture.with { fixture in
            try await blocking { try fixture.connect().call("io.pumpd.Test.Whoami") }
        }
        #expect(identity == ["pid": .integer(Int64(getpid())), "uid": .integer(Int64(getuid())), "gid": .integer(Int64(getgid()))])
    }

    @Test func connectionsBeyondTheLimitAreClosedAndExistingOnesKeepWorking() async throws {
        try await ServiceFixture.with(limits: .init(maxConnections: 2)) { fixture in
            try await blocking {
                let first = try fixture.connect()
                let second = try fixture.connect()
                // A completed call proves the service admitted the connection.
                _ = try first.call("io.pumpd.Test.GetStatus")
                _ = try second.call("io.pumpd.Test.GetStatus")
                let third = try fixture.connect()
                #expect(throws: VarlinkTransportError.connectionClosed) { try third.call("io.pumpd.Test.GetStatus") }
                #expect(try first.call("io.pumpd.Test.GetStatus") == ["rate": 120])
                #expect(try second.call("io.pumpd.Test.GetStatus") == ["rate": 120])
                first.close()
                // The freed slot is released when the service sees the close; retry until it has.
                var reply: JSONObject?
                for _ in 0..<200 where reply == nil {
                    reply = try? fixture.connect().call("io.pumpd.Test.GetStatus")
                    if reply == nil { usleep(10_000) }
                }
                #expect(reply == ["rate": 120])
            }
        }
    }

    @Test func oneUserCannotTakeEverySlotAndGetsItsOwnBackWhenItCloses() async throws {
        try await ServiceFixture.with(limits: .init(maxConnections: 10, maxConnectionsPerUser: 2)) { fixture in
            try await blocking {
                let first = try fixture.connect()
                let second = try fixture.connect()
                _ = try first.call("io.pumpd.Test.GetStatus")
                _ = try second.call("io.pumpd.Test.GetStatus")
                // The service has room (10) but this user holds its 2.
                let third = try fixture.connect()
                #expect(throws: VarlinkTransportError.connectionClosed) { try third.call("io.pumpd.Test.GetStatus") }
                #expect(try second.call("io.pumpd.Test.GetStatus") == ["rate": 120])
                first.close()
                var reply: JSONObject?
                for _ in 0..<200 where reply == nil {
                    reply = try? fixture.connect().call("io.pumpd.Test.GetStatus")
                    if reply == nil { usleep(10_000) }
                }
                #expect(reply == ["rate": 120])
            }
        }
    }

    @Test func aStalledPartialRequestDoesNotBlockOthersAndIsDisconnected() async throws {
        try await ServiceFixture.with(limits: .init(incompleteMessageTimeout: .milliseconds(300))) { fixture in
            try await blocking {
                let stalled = try fixture.connect()
                try stalled.sendRaw(Array(#"{"method":"io.pumpd.Test.GetSt"#.utf8))
                let other = try fixture.connect()
                for _ in 0..<5 { #expect(try other.call("io.pumpd.Test.GetStatus") == ["rate": 120]) }
                #expect(throws: VarlinkTransportError.connectionClosed) { try stalled.receiveMessage() }
                #expect(try other.call("io.pumpd.Test.GetStatus") == ["rate": 120])
            }
        }
    }

    @Test func aCompleteRequestIsNotTimedOutWhileTheServiceIsBusyWithAnEarlierOne() async throws {
        try await ServiceFixture.with(limits: .init(incompleteMessageTimeout: .milliseconds(100))) { fixture in
            try await blocking {
                let connection = try fixture.connect()
                let slow = VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": 1, "ms": 400]).serialized() + [0]
                let next = VarlinkCall(method: "io.pumpd.Test.GetStatus").serialized() + [0]
                // The second request's first half arrives while the first call runs, its rest later.
                try connection.sendRaw(slow + next[..<10])
                usleep(200_000)
                try connection.sendRaw(Array(next[10...]))
                #expect(try connection.receiveReply().parameters == ["id": 1])
                #expect(try connection.receiveReply().parameters == ["rate": 120])
            }
        }
    }

    @Test func aClientThatNeverReadsAStreamIsDisconnectedWhileOthersKeepWorking() async throws {
        try await ServiceFixture.with(limits: .init(slowClientTimeout: .milliseconds(300))) { fixture in
            try await blocking {
                let flooded = try fixture.connect()
                try flooded.send(VarlinkCall(method: "io.pumpd.Test.Flood", parameters: ["size": 16_384], more: true))
                // While the flooded client reads nothing, another one is served.
                let other = try fixture.connect()
                for _ in 0..<5 { #expect(try other.call("io.pumpd.Test.GetStatus") == ["rate": 120]) }
                withExtendedLifetime(flooded) {}
            }
            #expect(await fixture.probe.wait { $0.contains("flood stopped: io.pumpd.Test.ConnectionClosed") })
            #expect(await fixture.records.wait { $0.contains { $0.method == "io.pumpd.Test.Flood" } })
            #expect(fixture.records.snapshot.first { $0.method == "io.pumpd.Test.Flood" }?.outcome == .disconnected)
            let status = try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") }
            #expect(status == ["rate": 120])
        }
    }

    @Test func manyPipelinedRequestsInOneWriteAreAllAnsweredInOrder() async throws {
        try await ServiceFixture.with(limits: .init(maxMessageBytes: 4096)) { fixture in
            try await blocking {
                let connection = try fixture.connect()
                let calls = (0..<500).map { VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": .integer(Int64($0)), "ms": 0]) }
                try connection.sendRaw(calls.flatMap { $0.serialized() + [0] })
                let ids = try (0..<500).map { _ in try connection.receiveReply().parameters["id"] }
                #expect(ids == (0..<500).map { .integer(Int64($0)) })
            }
        }
    }
}
