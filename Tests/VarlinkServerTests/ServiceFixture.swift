import Foundation
import PumpTestKit
import Glibc
import Synchronization
import Varlink
import VarlinkServer

/// A running service on a socket in a fresh temporary directory, with the test interface.
struct ServiceFixture: Sendable {
    static let errorInterface = "io.pumpd.Test"

    let service: VarlinkService
    let directory: String
    let path: String
    let probe: Probe
    let records: CallRecords

    /// Handlers run here, not on the cooperative threads that this process's synchronous tests
    /// hold for seconds at a time (a starved handler made replies miss their receive timeout).
    static let handlerExecutor = OwnThreadExecutor()

    static func configuration(
        limits: VarlinkService.Limits, records: CallRecords,
        classify: (@Sendable (PeerCredentials) -> ConnectionPriority)? = nil
    ) -> VarlinkService.Configuration {
        VarlinkService.Configuration(
            vendor: "pumpd tests", product: "pumpd", version: "0.0-test", url: "https://example.invalid/pumpd",
            protocolErrorInterface: errorInterface, limits: limits, onCall: { records.append($0) }, classify: classify,
            handlerExecutor: handlerExecutor)
    }

    /// Starts a service, runs `body`, and always shuts the service down and removes the directory.
    @discardableResult
    static func with<Result: Sendable>(
        limits: VarlinkService.Limits = VarlinkService.Limits(), bind: Bool = true,
        classify: (@Sendable (PeerCredentials) -> ConnectionPriority)? = nil,
        _ body: (ServiceFixture) async throws -> Result
    ) async throws -> Result {
        let directory = try makeTemporaryDirectory()
        let probe = Probe()
        let records = CallRecords()
        let service = try VarlinkService(
            configuration: configuration(limits: limits, records: records, classify: classify), interfaces: [TestInterface(probe: probe)])
        let fixture = ServiceFixture(service: service, directory: directory, path: directory + "/pumpd.sock", probe: probe, records: records)
        do {
            if bind { try await service.bind(path: fixture.path) }
            let result = try await body(fixture)
            await service.shutdown()
            removeTree(directory)
            return result
        } catch {
            await service.shutdown()
            removeTree(directory)
            throw error
        }
    }

    /// A blocking client connection with a 10 s receive timeout (an upper bound against hangs).
    func connect() throws -> VarlinkConnection {
        try VarlinkConnection(path: path, receiveTimeout: .seconds(10))
    }
}

/// Every `onCall` record, in order.
final class CallRecords: Sendable {
    private let records = Mutex<[VarlinkCallRecord]>([])
    func append(_ record: VarlinkCallRecord) { records.withLock { $0.append(record) } }
    var snapshot: [VarlinkCallRecord] { records.withLock { $0 } }

    func wait(until condition: ([VarlinkCallRecord]) -> Bool) async -> Bool {
        for _ in 0..<2000 {
            if condition(snapshot) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(snapshot)
    }
}

/// Runs blocking client code on a thread of its own: blocking a cooperative thread while the
/// service's handler tasks need one could deadlock the test run.
func blocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await onOwnThread(body)
}

/// The mode of the file at `path` (type and permission bits), nil when there is none.
func mode(of path: String) -> mode_t? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return status.st_mode
}

func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/vls-XXXXXX".utf8CString)
    guard mkdtemp(&template) != nil else { throw TestFailure("mkdtemp failed: errno \(errno)") }
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `body`'s result with the Unix socket address of `path`.
func withUnixAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
}

/// A listening (or, with `listen: false`, merely bound and then closed, i.e. stale) Unix socket
/// made with plain system calls; returns its descriptor.
@discardableResult
func makeUnixSocket(at path: String, listen shouldListen: Bool = true) throws -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    let bound = withUnixAddress(path) { bind(descriptor, $0, $1) }
    guard bound == 0 else { throw TestFailure("bind \(path) failed: errno \(errno)") }
    if shouldListen {
        guard listen(descriptor, 16) == 0 else { throw TestFailure("listen failed: errno \(errno)") }
    } else {
        close(descriptor)
    }
    return descriptor
}

extension VarlinkConnection {
    /// Sends `text` followed by a NUL.
    func sendMessage(_ text: String) throws { try sendRaw(Array(text.utf8) + [0]) }
}
