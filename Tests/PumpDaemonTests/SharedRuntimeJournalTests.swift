import Foundation
import PumpTestKit
import Synchronization
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

    /// A pumpd on a fresh state, `runtime` its runtime directory, delivering 480 mg/day (11 steps/s).
    static func delivering(in runtime: String) throws -> RunningDaemon {
        let daemon = try RunningDaemon(arguments: ["--profile", TwoStartsOneSocketTests.profile])
        try daemon.start(extra: ["--runtime-dir", runtime])
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 480_000))
        return daemon
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
        // Each keeps its own simulated rig in the shared directory: neither writes the other's.
        let rigs = try FileManager.default.contentsOfDirectory(atPath: runtime).filter { $0.hasPrefix("simulated-rig.") }
        #expect(Set(rigs).count == 2, "\(rigs)")
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

    /// A clean stop lets go of the step journal before the state: a pumpd started the moment the
    /// state's lock is free (a restart outside systemd, which does not wait for the exit) finds the
    /// journal free too, rather than running its whole life without one.
    @Test func aCleanStopLetsGoOfTheJournalBeforeTheState() throws {
        let runtime = try Self.runtimeDirectory()
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let daemon = try Self.delivering(in: runtime)
        defer { daemon.shutdown() }
        // Waits for the state's lock as the next pumpd would, then at once tries each journal file.
        let stateLock = open(daemon.stateDirectory + "/pumpd.sqlite.lock", O_RDWR | O_CLOEXEC)
        try #require(stateLock >= 0)
        defer { close(stateLock) }
        // The errno of each try (0: free), or of the wait for the state's lock itself.
        let refusalsWhenTheStateWasFree = Mutex<[Int32]?>(nil)
        let waiter = Thread {
            var waited: Int32
            repeat { waited = flock(stateLock, LOCK_EX) == 0 ? 0 : errno } while waited == EINTR
            let refusals = waited != 0 ? [waited] : ["commanded-position", "closed-hours"].map { FileLockProbe.error(tryingToLock: runtime + "/" + $0) }
            refusalsWhenTheStateWasFree.withLock { $0 = refusals }
        }
        waiter.start()
        #expect(daemon.stop() == 0)
        #expect(try waitFor(20) { refusalsWhenTheStateWasFree.withLock { $0 } != nil })
        #expect(refusalsWhenTheStateWasFree.withLock { $0 } == [0, 0], "errno of each journal file's lock (0: free)")
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
        // Refused on the state's lock, before it would open the journal: it never tries to.
        #expect(!text.contains(Self.inUse), "\(text)")
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

    /// ext4 reuses an inode at once: a state replaced in its directory (a backup copied in, or
    /// `rm -rf` then `mkdir` and a copy) keeps the directory's device and inode. The journal's
    /// note is of the database file that was there, never of its replacement.
    @Test func aStateReplacedByACopyInTheSameDirectoryIsNotGivenTheOldNote() throws {
        let runtime = try Self.runtimeDirectory()
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let daemon = try Self.delivering(in: runtime)
        defer { daemon.shutdown() }
        Thread.sleep(forTimeInterval: 1)
        daemon.kill9()
        // Each file of the state replaced by a copy of itself, the directory left as it is.
        let state = daemon.stateDirectory
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: state) where name.hasPrefix("pumpd.sqlite") {
            let path = state + "/" + name
            try manager.copyItem(atPath: path, toPath: path + ".copy")
            try manager.removeItem(atPath: path)
            try manager.moveItem(atPath: path + ".copy", toPath: path)
        }
        try daemon.start(extra: ["--runtime-dir", runtime])
        // No note of the replaced file is believed: the steps since the checkpoint are bounded by
        // the cadence, not proved (one step in doubt at most) by the old note.
        let restored = try Self.restored(daemon)
        #expect(try #require(restored["unrecorded"]?.integerValue) > Self.stepNanolitres, "the old note was taken: \(restored)")
    }

    /// Two pumpds started at once on one state: the one that holds the state holds the journal
    /// (the other, refused on the state's lock, never opened it), in every round.
    @Test func ofTwoPumpdsStartedAtOnceOnOneStateTheWinnerHoldsTheJournal() throws {
        for round in 1...8 {
            let runtime = try Self.runtimeDirectory()
            defer { try? FileManager.default.removeItem(atPath: runtime) }
            let state = try RunningDaemon(arguments: ["--profile", TwoStartsOneSocketTests.profile])  // its directory only
            defer { state.shutdown() }
            let starts = (0..<2).map { number in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd)
                process.arguments = [
                    "--profile", TwoStartsOneSocketTests.profile, "--state-dir", state.stateDirectory,
                    "--socket", state.stateDirectory + "/race\(number).sock", "--runtime-dir", runtime, "--status-interval", "3600",
                ]
                process.currentDirectoryURL = PumpDaemonProcessTests.repository
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in starts { try process.run() }
            defer {
                for process in starts where process.isRunning { process.terminate() }
                for process in starts { process.waitUntilExit() }
            }
            // The loser is refused on the state's lock; the winner runs on.
            #expect(try waitFor(20) { starts.contains { !$0.isRunning } }, "round \(round): neither start was refused")
            let running = starts.filter(\.isRunning)
            #expect(running.count == 1, "round \(round)")
            // The winner holds the journal's lock (taken once its database is open): no one
            // else may take it.
            let journalHeld = { FileLockProbe.error(tryingToLock: runtime + "/commanded-position") == EWOULDBLOCK }
            #expect(waitFor(5) { running.allSatisfy(\.isRunning) && journalHeld() }, "round \(round): the winner runs without its journal")
        }
    }
}
