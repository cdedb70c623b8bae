import Glibc
import Testing
import Varlink
@testable import VarlinkServer

/// A socket made ready before its service exists (pumpd binds it while its state opens): bound in
/// a staging directory, it appears at its path only when served (the path's checks made then, by a
/// daemon that holds its state), and a start that fails leaves the path as it was. An adopted
/// socket accepts nothing until served, and a call waiting in it is answered then.
@Suite("Varlink service: a socket made ready before its service", .timeLimit(.minutes(1)))
struct EarlyListenerTests {
    static func configuration() -> VarlinkService.Configuration {
        ServiceFixture.configuration(limits: .init(), records: CallRecords())
    }

    /// Waits (at most 10 s, a bound against hangs) until the early bind or adoption has ended.
    static func settled(_ early: EarlyListener) async throws {
        try await blocking { _ = try? early.made() }
    }

    /// Two turns of the loop's thread: a connection it would accept has been accepted by then.
    static func turns(of loop: VarlinkEventLoop) async throws {
        for _ in 0..<2 { try await loop.group.next().submit {}.get() }
    }

    /// Whether the connection's socket shows an end or an error without waiting: what a
    /// connection the service accepted and closed shows.
    static func showsClosed(_ connection: Int32) -> Bool {
        var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    /// A client's socket, connected and with `GetInfo` sent, not yet read.
    static func waitingClient(at path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard withUnixAddress(path, { connect(descriptor, $0, $1) }) == 0 else { throw TestFailure("connect \(path) failed: errno \(errno)") }
        let message = Array(#"{"method":"org.varlink.service.GetInfo"}"#.utf8) + [0]
        guard write(descriptor, message, message.count) == message.count else { throw TestFailure("write failed: errno \(errno)") }
        return descriptor
    }

    /// The reply the client's socket receives (within 10 s, a bound against hangs); it is closed then.
    static func reply(to client: Int32) async throws -> JSONObject {
        try await blocking { try VarlinkConnection(adopting: client, receiveTimeout: .seconds(10)).receiveReply().parameters }
    }

    @Test func aSocketBoundEarlyAppearsAtItsPathOnlyWhenServedAndIsAnsweredThere() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/pumpd.sock"
        try makeUnixSocket(at: path, listen: false)  // stale: replaced when served, not before
        let loop = VarlinkEventLoop.start()
        let early = EarlyListener.bind(path: path, mode: 0o600, on: loop)
        try await Self.settled(early)
        let staged = try directoryEntries(directory).filter { $0 != "pumpd.sock" }
        #expect(staged.count == 1 && staged[0].hasPrefix(".vl-"), "bound in its staging directory: \(staged)")
        #expect(mode(of: path).map { $0 & 0o7777 } != 0o600, "the stale socket is still at the path")
        #expect(throws: VarlinkTransportError.self, "nothing answers at the path before serving") {
            try VarlinkConnection(path: path, receiveTimeout: .seconds(10))
        }
        let service = try VarlinkService(configuration: Self.configuration(), interfaces: [TestInterface(probe: Probe())], eventLoop: loop)
        try await blocking { try service.serve(early) }
        #expect(mode(of: path).map { $0 & S_IFMT } == S_IFSOCK)
        #expect(mode(of: path).map { $0 & 0o7777 } == 0o600)
        #expect(try directoryEntries(directory) == ["pumpd.sock"])
        #expect(try await blocking { try VarlinkConnection(path: path, receiveTimeout: .seconds(10)).call("io.pumpd.Test.GetStatus") } == ["rate": 120])
        await service.shutdown()
        #expect(mode(of: path) == nil, "shutdown removes the file serving placed")
    }

    /// The staging directory is removed after the socket is made to accept (a first client does
    /// not wait for it), and also when the served socket is then refused and closed.
    @Test func aSocketBoundEarlyAndServedByAServiceAlreadyShutDownLeavesNeitherItsFileNorItsStagingDirectory() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/pumpd.sock"
        let loop = VarlinkEventLoop.start()
        let early = EarlyListener.bind(path: path, on: loop)
        try await Self.settled(early)
        let service = try VarlinkService(configuration: Self.configuration(), interfaces: [], eventLoopGroup: loop.group)
        await service.shutdown()
        await #expect(throws: VarlinkServiceError.shutDown) { try await blocking { try service.serve(early) } }
        #expect(try directoryEntries(directory) == [])
        try await loop.group.shutdownGracefully()
    }

    @Test func anAbandonedEarlySocketLeavesAnotherDaemonsLiveSocketAtThePathAlone() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/pumpd.sock"
        let winner = try makeUnixSocket(at: path)
        defer { close(winner) }
        let loop = VarlinkEventLoop.start()
        let early = EarlyListener.bind(path: path, on: loop)
        try await Self.settled(early)
        try await blocking { early.abandon() }
        #expect(try directoryEntries(directory) == ["pumpd.sock"], "no staging directory left, the live socket kept")
        #expect(mode(of: path).map { $0 & S_IFMT } == S_IFSOCK)
        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        #expect(withUnixAddress(path, { connect(client, $0, $1) }) == 0, "the other daemon's socket still takes connections")
        try await loop.group.shutdownGracefully()
    }

    @Test func anEarlyBindRefusesALiveSocketOrAnotherFileAtServeAndLeavesThemAlone() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let live = directory + "/live.sock"
        let listening = try makeUnixSocket(at: live)
        defer { close(listening) }
        let file = directory + "/file.sock"
        #expect(creat(file, 0o600) >= 0)
        let loop = VarlinkEventLoop.start()
        let service = try VarlinkService(configuration: Self.configuration(), interfaces: [], eventLoop: loop)
        await #expect(throws: VarlinkServiceError.socketInUse(path: live)) {
            try await blocking { try service.serve(EarlyListener.bind(path: live, on: loop)) }
        }
        await #expect(throws: VarlinkServiceError.pathOccupied(path: file, fileType: "regular file")) {
            try await blocking { try service.serve(EarlyListener.bind(path: file, on: loop)) }
        }
        #expect(mode(of: live).map { $0 & S_IFMT } == S_IFSOCK)
        #expect(mode(of: file).map { $0 & S_IFMT } == S_IFREG)
        #expect(try directoryEntries(directory).sorted() == ["file.sock", "live.sock"])
        await service.shutdown()
    }

    @Test func anAdoptedSocketAnswersTheCallWaitingInItOnceServedAndRefusesOneNotListening() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/pumpd.sock"
        let descriptor = try makeUnixSocket(at: path)
        let idle = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(idle) }
        let loop = VarlinkEventLoop.start()
        let early = EarlyListener.adopt(descriptor: descriptor, on: loop)
        try await Self.settled(early)
        let client = try Self.waitingClient(at: path)
        try await Self.turns(of: loop)
        #expect(!Self.showsClosed(client), "nothing is accepted before the service serves the socket")
        let service = try VarlinkService(configuration: Self.configuration(), interfaces: [TestInterface(probe: Probe())], eventLoop: loop)
        await #expect(throws: VarlinkServiceError.adoptFailed(descriptor: idle, reason: "the socket is not listening")) {
            try await blocking { try service.serve(EarlyListener.adopt(descriptor: idle, on: loop)) }
        }
        try await blocking { try service.serve(early) }
        let reply = try await Self.reply(to: client)
        #expect(reply["vendor"] == "pumpd tests")
        await service.shutdown()
        #expect(mode(of: path).map { $0 & S_IFMT } == S_IFSOCK, "an adopted socket's file is left alone")
    }
}
