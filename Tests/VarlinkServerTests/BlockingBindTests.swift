import Glibc
import Testing
import Varlink
import VarlinkServer

/// `bindBlocking` and `adoptBlocking` (a daemon's main thread serving its socket without a task,
/// issue 13): the same socket file, refusals and service as `bind` and `adopt`, called from a
/// plain thread.
@Suite("Varlink service: binding and adopting from a thread outside concurrency", .timeLimit(.minutes(1)))
struct BlockingBindTests {
    @Test func aBlockingBindServesCallsOnASocketFileWithTheModeAskedAndNoStagingLeft() async throws {
        try await ServiceFixture.with(bind: false) { fixture in
            try makeUnixSocket(at: fixture.path, listen: false)  // stale: replaced
            try await blocking { try fixture.service.bindBlocking(path: fixture.path, mode: 0o600) }
            #expect(mode(of: fixture.path).map { $0 & S_IFMT } == S_IFSOCK)
            #expect(mode(of: fixture.path).map { $0 & 0o7777 } == 0o600)
            #expect(try directoryEntries(fixture.directory) == ["pumpd.sock"])
            #expect(try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") } == ["rate": 120])
            await fixture.service.shutdown()
            #expect(mode(of: fixture.path) == nil, "shutdown removes the file a blocking bind made")
        }
    }

    @Test func aBlockingBindRefusesWhatBindRefusesAndLeavesItAlone() async throws {
        try await expectARegularFileRefused { fixture in try await blocking { try fixture.service.bindBlocking(path: fixture.path) } }
        try await ServiceFixture.with { fixture in
            let second = try VarlinkService(
                configuration: ServiceFixture.configuration(limits: .init(), records: CallRecords()), interfaces: [])
            await #expect(throws: VarlinkServiceError.socketInUse(path: fixture.path)) {
                try await blocking { try second.bindBlocking(path: fixture.path) }
            }
            await second.shutdown()
            await fixture.service.shutdown()
            await #expect(throws: VarlinkServiceError.shutDown) {
                try await blocking { try fixture.service.bindBlocking(path: fixture.path) }
            }
        }
    }

    @Test func aBlockingAdoptionServesCallsAndRefusesASocketThatDoesNotListen() async throws {
        try await ServiceFixture.with(bind: false) { fixture in
            let idle = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(idle) }
            await #expect(throws: VarlinkServiceError.adoptFailed(descriptor: idle, reason: "the socket is not listening")) {
                try await blocking { try fixture.service.adoptBlocking(descriptor: idle) }
            }
            let descriptor = try makeUnixSocket(at: fixture.path)
            try await blocking { try fixture.service.adoptBlocking(descriptor: descriptor) }
            #expect(try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") } == ["rate": 120])
            await fixture.service.shutdown()
            #expect(mode(of: fixture.path).map { $0 & S_IFMT } == S_IFSOCK, "an adopted socket's file is left alone")
        }
    }
}
