import Foundation
import Testing

/// What a by-hand start (no systemd) leaves on disk: state files only pumpd's user can read, and
/// the control socket 0660 in the group `--socket-group` names (pumpd's own group without it).
@Suite struct StateFileModeTests {
    static func mode(_ path: String) throws -> (permissions: mode_t, gid: gid_t) {
        var status = stat()
        try #require(lstat(path, &status) == 0, "\(path): \(String(cString: strerror(errno)))")
        return (status.st_mode & 0o7777, status.st_gid)
    }

    @Test func aByHandStartCreatesPrivateStateFilesAndASocketInTheNamedGroup() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--clock", "virtual", "--daily-dose", "500ug/day", "--socket-group", "nogroup"], until: .delivering)
        let database = daemon.stateDirectory + "/pumpd.sqlite"
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let path = database + suffix
            guard FileManager.default.fileExists(atPath: path) else {
                #expect(suffix != "", "no database at \(path)")
                continue
            }
            #expect(try Self.mode(path).permissions == 0o600, "\(path)")
        }
        let socket = try Self.mode(daemon.socket)
        #expect(socket.permissions == 0o660)
        #expect(socket.gid == 65_534, "the socket's group is nogroup")
        #expect(daemon.log.contains("listening on \(daemon.socket) (group nogroup)"))
    }

    @Test func withoutASocketGroupTheSocketKeepsPumpdsOwnGroup() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--clock", "virtual"])
        let socket = try Self.mode(daemon.socket)
        #expect(socket.permissions == 0o660)
        #expect(socket.gid == getgid())
    }

    @Test func anUnknownSocketGroupIsRefusedBeforeAnythingStarts() throws {
        let outcome = try PumpDaemonProcessTests.run(["--clock", "virtual", "--socket-group", "no-such-group-here"])
        #expect(!outcome.signalled && outcome.status != 0, "\(outcome.output)")
        #expect(outcome.output.contains("--socket-group: no group named no-such-group-here"), "\(outcome.output)")
    }
}
