import Foundation
import PumpTestKit
import Testing
import Varlink

/// The step journal in a runtime directory that two pumpds share (sockets side by side, e.g. both
/// in /run): it belongs to one state and one live pumpd. A restore of another state must never
/// take its note as proof of steps (delivered volume silently wrong, the uncertainty bound
/// dropped), and a second start on a running state must leave it byte for byte as it was.
@Suite(.serialized) struct SharedRuntimeJournalTests {
    static let stepNanolitres: Int64 = 250
    // Every pumpd is given its profile (`TwoStartsOneSocketTests.profile`), so the suite also runs
    // a pumpd built elsewhere (the round-7 base, to see it fail).

    static func runtimeDirectory() throws -> String {
        let path = "/tmp/pumpd-runtime-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The detail of the newest `restored` event (waited for: the storage task logs it after pumpd answers).
    static func restored(_ daemon: RunningDaemon) throws -> JSONValue {
        var events: [JSONValue] = []
        #expect(try waitFor(20) {
            events = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["restored"]])["events"]?.arrayValue ?? []
            return !events.isEmpty
        })
        return try JSONValue.parse(try #require(events.last?["detail"]?.stringValue))
    }

    static let inUse = "the step journal is not used, restores bound unrecorded steps by the checkpoint cadence"

    @Test func ofTwoPumpdsSharingARuntimeDirectoryTheOneKilledRestoresByTheCadenceBoundNeverByTheOthersNote() throws {
        let runtime = try Self.runtimeDirectory()
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let a = try RunningDaemon(arguments: ["--profile", TwoStartsOneSocketTests.profile])
        let b = try RunningDaemon(arguments: ["--profile", TwoStartsOneSocketTests.profile])
        defer {
            a.shutdown()
            b.shutdown()
        }
        // Both fresh, on one program; A first, so it holds the journal and is a few steps ahead:
        // its note lies within B's cadence bound past B's checkpoint, where a note is believed.
        try a.start(extra: ["--runtime-dir", runtime])
        try a.program(WirePrescriptions.continuous(microgramsPerDay: 480_000))
        try b.start(extra: ["--runtime-dir", runtime])
        try b.program(WirePrescriptions.continuous(microgramsPerDay: 480_000))
        #expect(b.log.contains(Self.inUse) && b.log.contains("in use by another process"), "\(b.log.suffix(1500))")
        #expect(!a.log.contains(Self.inUse), "\(a.log.suffix(1500))")
        Thread.sleep(forTimeInterval: 0.5)
        b.kill9()  // mid-delivery; A goes on noting its own steps
        try b.start(extra: ["--runtime-dir", runtime])
        // B took no note for its own: the steps since its checkpoint are bounded by the cadence
        // (at 11 steps/s, at least a few steps for the outage), not one at most as a note proves.
        let restoredB = try Self.restored(b)
        let unrecordedB = try #require(restoredB["unrecorded"]?.integerValue)
        #expect(unrecordedB > Self.stepNanolitres, "B's restore took a journal note: \(restoredB)")
        #expect(try b.status()["mode"]?.stringValue == "running")

        // A's journal is its own still: its restore after a kill proves its steps (one in doubt at most).
        Thread.sleep(forTimeInterval: 0.5)
        a.kill9()
        try a.start(extra: ["--runtime-dir", runtime])
        let restoredA = try Self.restored(a)
        let unrecordedA = try #require(restoredA["unrecorded"]?.integerValue)
        #expect(unrecordedA <= Self.stepNanolitres, "A's restore did not take its own note: \(restoredA)")
    }

    @Test func aStartRefusedOnARunningStateLeavesItsJournalByteForByteAndItsNextRestoreIntact() throws {
        let runtime = try Self.runtimeDirectory()
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let daemon = try RunningDaemon(arguments: ["--profile", TwoStartsOneSocketTests.profile])
        defer { daemon.shutdown() }
        // Idle (no program): the running pumpd writes no step while the second start runs.
        try daemon.start(extra: ["--runtime-dir", runtime])
        let files = ["commanded-position", "closed-hours"].map { runtime + "/" + $0 }
        let before = files.map { FileManager.default.contents(atPath: $0) }
        #expect(before.allSatisfy { $0 != nil })

        let (status, text) = try CommandRun.run(
            PumpDaemonProcessTests.pumpd,
            [
                "--profile", TwoStartsOneSocketTests.profile, "--state-dir", daemon.stateDirectory, "--socket", daemon.stateDirectory + "/second.sock", "--runtime-dir", runtime,
                "--status-interval", "3600",
            ], directory: PumpDaemonProcessTests.repository.path)
        #expect(status != 0, "the second start on a running state is refused: \(text)")
        #expect(text.contains(Self.inUse) && text.contains("in use by another process"), "\(text)")
        #expect(files.map { FileManager.default.contents(atPath: $0) } == before)

        // The first one, killed, restores from its own journal as before.
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 480_000))
        Thread.sleep(forTimeInterval: 1)
        daemon.kill9()
        try daemon.start(extra: ["--runtime-dir", runtime])
        let restored = try Self.restored(daemon)
        #expect(try #require(restored["unrecorded"]?.integerValue) <= Self.stepNanolitres, "\(restored)")
        #expect(try daemon.status()["mode"]?.stringValue == "running")
    }
}
