import Foundation
import Testing

/// The state's writer is opened by the checks made ahead while the profile loads (issue 13): a
/// start that then stops on a broken profile closes it, and leaves the state as it was.
@Suite struct WriterOpenedAheadDaemonTests {
    /// Every file of the state but the log and the socket, with its bytes.
    static func stateFiles(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name != "pumpd.log" && name != "control.sock" {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    @Test func aStartStoppedByABrokenProfileLeavesAnExistingStateByteForByte() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start()
        _ = try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 800))
        #expect(daemon.stop() == 0)
        let before = try Self.stateFiles(daemon.stateDirectory)
        #expect(before["pumpd.sqlite"] != nil && before["pumpd.sqlite-wal"] == nil, "\(before.keys.sorted())")

        let profile = daemon.stateDirectory + "/broken.toml"
        try "[rig]\nname = \"bench\"\nkind = \"simulated\"\n[motor]\nstep_volum_pl = 250000\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let outcome = try PumpDaemonProcessTests.run(
            ["--profile", profile, "--state-dir", daemon.stateDirectory, "--socket", daemon.socket, "--status-interval", "3600"])
        #expect(outcome.status == 2, "\(outcome.output)")
        try FileManager.default.removeItem(atPath: profile)
        let after = try Self.stateFiles(daemon.stateDirectory)
        #expect(after.keys.sorted() == before.keys.sorted(), "no -wal or -shm is left")
        #expect(after == before, "the database, its seal and the rest byte for byte as they were")

        // The state opens as before, its program restored.
        try daemon.start()
        #expect(try daemon.status()["programmed"] == true)
    }
}
