import Foundation
import Glibc
@testable import PumpctlKit
import Testing

/// A connection that fails says what is at the path and what to do about it.
@Suite struct SocketErrorTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-socket-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aDirectoryIsNamedAsADirectory() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", directory]) == .transport)
        #expect(terminal.errors.contains("\(directory) is a directory, not a socket"), "\(terminal.errors)")
        #expect(!terminal.errors.contains("nothing is listening"))
    }

    @Test func aRegularFileIsNamedAsARegularFile() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/control.sock"
        try Data("not a socket".utf8).write(to: URL(fileURLWithPath: file))
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", file]) == .transport)
        #expect(terminal.errors.contains("\(file) is a regular file, not a socket"), "\(terminal.errors)")
    }

    @Test func aSocketNobodyListensOnIsStillNothingListening() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(listener)  // bound, never listening: connect is refused
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", path]) == .notRunning)
        #expect(terminal.errors.hasPrefix("pumpd is not running: nothing is listening there"), "\(terminal.errors)")
    }

    @Test func permissionDeniedNamesTheSocketsGroupAndPath() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/control.sock"
        try Data().write(to: URL(fileURLWithPath: file))
        var info = stat()
        #expect(stat(file, &info) == 0)
        let group = getgrgid(info.st_gid).map { String(cString: $0.pointee.gr_name) } ?? "\(info.st_gid)"
        let failure = PumpSocket.failure(connecting: file, errno: EACCES)
        #expect(failure.status == .permissionDenied)
        #expect(failure.message.contains("pumpd's socket \(file): join the group \(group) that owns it"), "\(failure.message)")
    }
}
