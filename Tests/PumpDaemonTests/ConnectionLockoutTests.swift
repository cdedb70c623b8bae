import Foundation
import Testing
import Varlink

/// Observers and callers with no role, however many connections they hold idle, never lock a
/// clinician out: slots are reserved for operators and clinicians, and idle connections of the
/// others are closed (a WatchEvents stream is never idle). Clients run as other users through
/// `setpriv`; the socket's group (`--socket-group nogroup`) lets them connect.
@Suite(.serialized) struct ConnectionLockoutTests {
    static let nobody: UInt32 = 65_534
    static let nogroup: UInt32 = 65_534
    /// `daemon`: a clinician by the test profile.
    static let clinician: UInt32 = 1
    /// A uid with no passwd entry: no role at all.
    static let stranger: UInt32 = 4_242

    /// sim.toml with `nobody` an observer, `daemon` a clinician and the connection keys set.
    static func profile(in directory: String, idleTimeout: Int) throws -> String {
        let text = try ShippedProfileText.text()
        let observers = #"observers = ["group:pumpd-observers"]"#
        let programmers = #"programmers = ["group:pumpd-clinicians"]"#
        try #require(text.contains(observers) && text.contains(programmers))
        let path = directory + "/lockout.toml"
        try text.replacingOccurrences(of: programmers, with: #"programmers = ["group:pumpd-clinicians", "user:daemon"]"#).replacingOccurrences(
            of: observers,
            with: #"observers = ["group:pumpd-observers", "user:nobody"]"# + "\nreserved_connections_programmers = 16"
                + "\nreserved_connections_operators = 16\nidle_timeout_s = \(idleTimeout)"
        ).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func start(idleTimeout: Int) throws -> RunningDaemon {
        let daemon = try RunningDaemon()
        let profile = try profile(in: daemon.stateDirectory, idleTimeout: idleTimeout)
        try daemon.start(
            extra: ["--profile", profile, "--clock", "virtual", "--daily-dose", "500ug/day", "--socket-group", "nogroup"], until: .delivering)
        return daemon
    }

    /// 128 slots, 64 per user, 16 kept for clinicians and 16 more for operators and clinicians:
    /// observers and strangers together get 96, and a clinician's Stop still gets through.
    @Test func twoUsersFillingTheirShareNeverLockOutAClinicianStop() throws {
        let daemon = try Self.start(idleTimeout: 3_600)
        defer { daemon.shutdown() }
        let observer = try ForeignClients(
            uid: Self.nobody, gid: Self.nogroup, socket: daemon.socket, count: 64, scriptDirectory: daemon.stateDirectory)
        defer { observer.finish() }
        let observerHeld = observer.held()
        let stranger = try ForeignClients(
            uid: Self.stranger, gid: Self.nogroup, socket: daemon.socket, count: 64, scriptDirectory: daemon.stateDirectory)
        defer { stranger.finish() }
        let strangerHeld = stranger.held()
        #expect(observerHeld == 64, "\(observer.lines)")
        #expect(strangerHeld == 32, "the stranger gets what is left of the 96 standard slots: \(stranger.lines)")

        // A clinician who is not root (`daemon`, listed in programmers) finds a reserved slot.
        let clinician = try ForeignClients(
            uid: Self.clinician, gid: Self.nogroup, socket: daemon.socket, count: 0, mode: .stop, scriptDirectory: daemon.stateDirectory)
        defer { clinician.finish() }
        let stop = try #require(clinician.waitForLine("stop "), "\(clinician.lines)")
        let reply = try JSONValue.parse(Array(stop.dropFirst(5).utf8))
        #expect(reply["parameters"]?["status"]?["mode"] == "stopped", "\(stop)")
        #expect(try daemon.status()["mode"] == "stopped")
        // And so does root, after a Resume.
        _ = try daemon.call("io.pumpd.Pump.Resume")
        let stopped = try daemon.call("io.pumpd.Pump.Stop")
        #expect(stopped["status"]?["mode"] == "stopped", "\(stopped)")
        #expect(observer.lines.filter { $0.hasPrefix("closed") }.isEmpty, "nothing idle-closed within an hour's timeout")
    }

    @Test func idleConnectionsAreClosedAfterTheTimeoutButAWatchEventsStreamIsNot() throws {
        let daemon = try Self.start(idleTimeout: 1)
        defer { daemon.shutdown() }
        let observer = try ForeignClients(
            uid: Self.nobody, gid: Self.nogroup, socket: daemon.socket, count: 2, mode: .watch, scriptDirectory: daemon.stateDirectory)
        defer { observer.finish() }
        #expect(observer.held() == 2, "\(observer.lines)")
        #expect(observer.waitForLine("closed idle", timeout: 30) != nil, "\(observer.lines)")
        let deadline = Date().addingTimeInterval(20)
        while observer.lines.filter({ $0 == "closed idle" }).count < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(observer.lines.filter { $0 == "closed idle" }.count == 2, "\(observer.lines)")
        // Both idle ones went after 1 s; the stream, started with them, outlives them by far more.
        Thread.sleep(forTimeInterval: 3)
        #expect(!observer.lines.contains("closed watch"), "\(observer.lines)")
        #expect(!observer.lines.contains("watch refused"), "\(observer.lines)")
    }
}
