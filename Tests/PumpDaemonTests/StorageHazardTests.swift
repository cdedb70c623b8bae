import Foundation
import Testing
import Varlink

/// Storage that fills or hangs under a running pump, on real file systems mounted for the test
/// (a small tmpfs; an ext4 image on a loop device, frozen with fsfreeze). Needs root, as CI has;
/// elsewhere these tests are skipped and Swift Testing reports them as skipped.
@Suite(.serialized, .enabled(if: MountedFileSystem.available, "SKIPPED: needs root, tmpfs, loop devices and fsfreeze"))
struct StorageHazardTests {
    static func kinds(_ daemon: RunningDaemon) throws -> [String] {
        try StorageFaultTests.history(daemon).compactMap { $0["kind"]?.stringValue }
    }

    static func storageAlarm(_ status: JSONObject) -> JSONValue? {
        status["alarms"]?.arrayValue?.first { $0["kind"] == "storage-failure" }
    }

    /// `withReserve`: pumpd's space reserve is there to give up (the commit that meets the full
    /// disk is then recorded and answered ok); without it (a directory squats on its name), the
    /// commit is answered StorageFailed, stays in force, and reaches the event log once there is room.
    @Test(arguments: [true, false])
    func aFullFileSystemStopsDeliveryWithTheAlarmAndEveryChangeInForceReachesTheEventLog(withReserve: Bool) throws {
        let daemon = try RunningDaemon()
        let tmpfs = try MountedFileSystem(tmpfsOver: daemon.stateDirectory, megabytes: 8)
        defer {
            daemon.stop()
            tmpfs.unmount()
            daemon.shutdown()
        }
        if !withReserve { try FileManager.default.createDirectory(atPath: daemon.stateDirectory + "/pumpd.sqlite.reserve", withIntermediateDirectories: false) }
        try daemon.start()
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 480_000))
        #expect(waitFor(5) { FileManager.default.fileExists(atPath: daemon.stateDirectory + "/pumpd.sqlite.reserve") })
        let filler = tmpfs.fill()

        // The change that meets the full disk: either durable and in force, or the reply says so.
        let reply: String
        do {
            try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 240_000))
            reply = "ok"
        } catch let error as VarlinkError {
            reply = error.name
            #expect(error.name == "io.pumpd.Pump.StorageFailed")
        }
        #expect(try waitFor(10) {
            let status = try daemon.status()
            return Self.storageAlarm(status) != nil && status["mode"] == "stopped"
        })
        let whileFull = try daemon.status()
        #expect(Self.storageAlarm(whileFull)?["evidence"]?.stringValue?.contains("full") == true, "\(whileFull)")

        try FileManager.default.removeItem(atPath: filler)
        // Room again: the reserve is remade, the next write succeeds, the cause clears.
        #expect(try waitFor(15) { Self.storageAlarm(try daemon.status())?["causePresent"] == false })
        let kinds = try Self.kinds(daemon)
        let commits = kinds.filter { $0 == "programCommitted" }.count
        // Whatever is in force is in the event log: the second program only with its commit.
        let active = try daemon.call("io.pumpd.Pump.GetPrescription")["active"]?["basal"]?["rate"]?.integerValue
        #expect(active == 240_000_000 ? commits == 2 : commits == 1, "active \(String(describing: active)), \(commits) commits, reply \(reply)")
        #expect(reply == (withReserve ? "ok" : "io.pumpd.Pump.StorageFailed"))
        // In force either way (the reply said so when it was not yet durable), and now logged.
        #expect(active == 240_000_000)
        #expect(kinds.contains("alarmRaised"))
        #expect(daemon.stop() == 0)
        #expect(daemon.log.contains("state saved"))
        try daemon.start()
        #expect(try daemon.call("io.pumpd.Pump.GetPrescription")["active"]?["basal"]?["rate"]?.integerValue == active)
        print("full tmpfs (\(withReserve ? "with" : "without") the space reserve): the commit that met it answered \(reply); \(commits) commit(s) logged; active rate \(active ?? 0) ng/day")
    }

    @Test func aFrozenFileSystemStopsDeliveryWithinTheWriteBoundWhileTheAPIKeepsAnswering() throws {
        let profile = "/tmp/pumpd-freeze-\(UUID().uuidString).toml"
        let sim = try ShippedProfileText.text()
        try sim.replacingOccurrences(of: "[checkpoint]\n", with: "[checkpoint]\nwrite_timeout_ms = 1000\n")
            .write(toFile: profile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: profile) }
        // The socket and the loop's mapped files on a tmpfs, as under systemd (/run/pumpd); only
        // the state database on the disk that freezes.
        let runtime = "/dev/shm/pumpd-runtime-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let daemon = try RunningDaemon(arguments: ["--profile", profile, "--runtime-dir", runtime])
        let ext4 = try MountedFileSystem(ext4Over: daemon.stateDirectory, megabytes: 32)
        defer {
            ext4.thaw()
            daemon.kill9()
            ext4.unmount()
            daemon.shutdown()
        }
        try daemon.start()
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 480_000))
        Thread.sleep(forTimeInterval: 1)
        let before = try daemon.status()
        try ext4.freeze()
        let frozenAt = Date()

        // A clinician's Stop during the freeze: its reply may wait for the disk, nothing else may.
        let stopReply = LockedBox<String?>(nil)
        let stopper = Thread {
            let outcome: String
            do {
                let connection = try daemon.connect(receiveTimeout: .seconds(60))
                defer { connection.close() }
                _ = try connection.call("io.pumpd.Pump.Stop")
                outcome = "ok"
            } catch { outcome = "\(error)" }
            stopReply.set(outcome)
        }
        stopper.start()

        var worstStatus = 0.0
        var alarmAfter: Double?
        var answered = 0
        while Date().timeIntervalSince(frozenAt) < 5 {
            let asked = Date()
            let status = try daemon.status()
            worstStatus = max(worstStatus, Date().timeIntervalSince(asked))
            answered += 1
            if alarmAfter == nil, Self.storageAlarm(status) != nil, status["mode"] == "stopped" {
                alarmAfter = Date().timeIntervalSince(frozenAt)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let atAlarm = try daemon.status()
        Thread.sleep(forTimeInterval: 0.5)
        let later = try daemon.status()
        #expect(alarmAfter != nil, "no storage-failure alarm while frozen: \(atAlarm)")
        #expect(later["stepsMoved"] == atAlarm["stepsMoved"], "steps moved after the alarm")
        // Answered within the bound, truthfully: in force (the pump is stopped) but not durable.
        let stopAnswer = stopReply.get() ?? "no answer while frozen"
        #expect(stopAnswer.contains("StorageFailed") && stopAnswer.contains("in force"), "\(stopAnswer)")

        ext4.thaw()
        // Once the disk thaws, the Stop reaches the event log.
        #expect(try waitFor(20) {
            try StorageFaultTests.history(daemon).contains { $0["kind"] == "deliveryStopped" && $0["caller"]?["role"] == "clinician" }
        })
        let pushedWhileFrozen = (try #require(atAlarm["stepsMoved"]?.integerValue)) - (try #require(before["stepsMoved"]?.integerValue))
        print(
            "fsfreeze: alarm and stop \(String(format: "%.2f", alarmAfter ?? -1)) s after the freeze (bound 1 s + a tick); "
                + "\(answered) GetStatus answered while frozen, slowest \(String(format: "%.0f", worstStatus * 1000)) ms; "
                + "\(pushedWhileFrozen) steps since the freeze's last status; the Stop was answered while frozen: \(stopAnswer.prefix(60))")

        // After a crash the restore counts at least what was pushed: the reservoir never reads fuller.
        let remaining = try #require(try daemon.status()["reservoir"]?["remaining"]?.integerValue)
        daemon.kill9()
        try daemon.start()
        #expect(try #require(try daemon.status()["reservoir"]?["remaining"]?.integerValue) <= remaining)
    }
}

/// A value shared with another thread under a lock.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ new: Value) { lock.withLock { value = new } }
}
