import Glibc
import Testing
import Varlink
import VarlinkServer

@Suite("Varlink service: socket files, adoption and shutdown", .timeLimit(.minutes(1)))
struct ServiceSocketTests {
    @Test func theSocketFileGetsMode0660ByDefaultAndTheRequestedModeOtherwise() async throws {
        try await ServiceFixture.with { fixture in
            let socketMode = try #require(mode(of: fixture.path))
            #expect(socketMode & S_IFMT == S_IFSOCK)
            #expect(socketMode & 0o7777 == 0o660)
            let second = try VarlinkService(
                configuration: ServiceFixture.configuration(limits: .init(), records: CallRecords()), interfaces: [])
            try await second.bind(path: fixture.directory + "/private.sock", mode: 0o600)
            #expect(mode(of: fixture.directory + "/private.sock").map { $0 & 0o7777 } == 0o600)
            await second.shutdown()
            // Only the socket remains in the directory: the staging directory is gone.
            #expect(try directoryEntries(fixture.directory) == ["pumpd.sock"])
        }
    }

    @Test func aStaleSocketFileIsReplaced() async throws {
        try await ServiceFixture.with(bind: false) { fixture in
            try makeUnixSocket(at: fixture.path, listen: false)
            #expect(mode(of: fixture.path).map { $0 & S_IFMT } == S_IFSOCK)
            try await fixture.service.bind(path: fixture.path)
            #expect(try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") } == ["rate": 120])
        }
    }

    @Test func aRegularFileAtThePathIsRefusedAndLeftAlone() async throws {
        try await expectARegularFileRefused { fixture in try await fixture.service.bind(path: fixture.path) }
    }

    @Test func aPathTooLongForASocketAddressIsRefusedClearly() async throws {
        try await ServiceFixture.with(bind: false) { fixture in
            let deep = fixture.directory + "/" + String(repeating: "d", count: 90)
            #expect(mkdir(deep, 0o700) == 0)
            await #expect(throws: VarlinkServiceError.bindFailed(
                path: deep + "/s", reason: "the socket path is too long (its directory may have at most 94 bytes)")
            ) { try await fixture.service.bind(path: deep + "/s") }
        }
    }

    @Test func aSocketSomeoneListensOnIsRefused() async throws {
        try await ServiceFixture.with { fixture in
            let second = try VarlinkService(
                configuration: ServiceFixture.configuration(limits: .init(), records: CallRecords()), interfaces: [])
            await #expect(throws: VarlinkServiceError.socketInUse(path: fixture.path)) {
                try await second.bind(path: fixture.path)
            }
            await second.shutdown()
            #expect(try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") } == ["rate": 120])
        }
    }

    @Test func anAdoptedListeningDescriptorServesCallsAndItsFileIsLeftAlone() async throws {
        try await ServiceFixture.with(bind: false) { fixture in
            let descriptor = try makeUnixSocket(at: fixture.path)
            try await fixture.service.adopt(descriptor: descriptor)
            let status = try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") }
            #expect(status == ["rate": 120])
            await fixture.service.shutdown()
            #expect(mode(of: fixture.path).map { $0 & S_IFMT } == S_IFSOCK)
        }
    }

    @Test func adoptingADescriptorThatIsNotListeningIsRefused() async throws {
        try await ServiceFixture.with(bind: false) { fixture in
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            await #expect(throws: VarlinkServiceError.adoptFailed(descriptor: descriptor, reason: "the socket is not listening")) {
                try await fixture.service.adopt(descriptor: descriptor)
            }
        }
    }

    @Test func shutdownCancelsStreamsClosesConnectionsAndRemovesTheSocketFile() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                try connection.send(VarlinkCall(method: "io.pumpd.Test.Watch", more: true))
                #expect(try connection.receiveReply() == VarlinkReply(parameters: ["n": 0], continues: true))
                Task { await fixture.service.shutdown() }
                #expect(throws: VarlinkTransportError.connectionClosed) { try connection.receiveReply() }
            }
            await fixture.service.shutdown()  // idempotent: returns once the first shutdown has begun
            #expect(await fixture.probe.wait { $0.contains("watch cancelled") })
            #expect(await fixture.probe.wait { _ in mode(of: fixture.path) == nil })
            await #expect(throws: VarlinkServiceError.shutDown) { try await fixture.service.bind(path: fixture.path) }
        }
    }

    @Test func invalidConfigurationsAreRefused() {
        #expect(throws: VarlinkServiceError.self) {
            try VarlinkService(
                configuration: .init(vendor: "v", product: "p", version: "1", url: "u", protocolErrorInterface: "pump"),
                interfaces: [])
        }
        #expect(throws: VarlinkServiceError.invalidConfiguration("interface io.pumpd.Test is listed twice")) {
            try VarlinkService(
                configuration: ServiceFixture.configuration(limits: .init(), records: CallRecords()),
                interfaces: [TestInterface(probe: Probe()), TestInterface(probe: Probe())])
        }
    }
}

/// A regular file at the fixture's path: `bind` refuses it, leaving it and the directory as they were.
func expectARegularFileRefused(by bind: (ServiceFixture) async throws -> Void) async throws {
    try await ServiceFixture.with(bind: false) { fixture in
        let file = fopen(fixture.path, "w")
        fputs("not a socket", file)
        fclose(file)
        await #expect(throws: VarlinkServiceError.pathOccupied(path: fixture.path, fileType: "regular file")) { try await bind(fixture) }
        #expect(mode(of: fixture.path).map { $0 & S_IFMT } == S_IFREG)
        let entries = try directoryEntries(fixture.directory)
        #expect(entries == ["pumpd.sock"])
    }
}

func directoryEntries(_ path: String) throws -> [String] {
    guard let directory = opendir(path) else { throw TestFailure("opendir \(path) failed") }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}
