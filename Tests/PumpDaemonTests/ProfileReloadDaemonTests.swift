import Foundation
import Testing
import Varlink

/// SIGHUP against the real daemon on the simulated rig's virtual clock: a changed threshold is in
/// force at once, recorded, and delivery never stops for it.
@Suite struct ProfileReloadDaemonTests {
    /// sim.toml with the occlusion threshold set to `threshold`, written to `directory`/reload.toml.
    static func profile(in directory: String, threshold: String) throws -> String {
        let text = try ShippedProfileText.text()
        try #require(text.contains("threshold_pa = 60_000"))
        let path = directory + "/reload.toml"
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = \(threshold)")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func steps(_ daemon: RunningDaemon) throws -> Int64 {
        try #require(try daemon.call("io.pumpd.Rig.GetTruth")["truth"]?["motorSteps"]?.integerValue)
    }

    /// 5 mg/day is a 250 nL step every 8.64 s; an occluded step raises the simulated line by 12.5 kPa,
    /// and the simulated pressure switch trips at the 60 kPa the rig was built with. Lowered to
    /// 30 kPa, the pressure channel alone must stop delivery at 37.5–50 kPa: the old threshold
    /// would not have.
    @Test func aReloadedOcclusionThresholdIsInForceAtOnceAndDeliveryNeverStopsForIt() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let profile = try Self.profile(in: daemon.stateDirectory, threshold: "60_000")
        try daemon.start(extra: ["--profile", profile, "--clock", "virtual", "--daily-dose", "5000ug/day"], until: .delivering)
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 60])
        let before = try Self.steps(daemon)
        #expect(before >= 6)

        _ = try Self.profile(in: daemon.stateDirectory, threshold: "30_000")
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("sensors.occlusion.threshold_pa 60000 -> 30000"), "\(daemon.logTail())")
        // Recorded before the reload was reported done, with who sent the signal (this process).
        let reloads = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["settingsReloaded"]])["events"]?.arrayValue ?? []
        try #require(reloads.count == 1, "\(reloads)")
        let detail = try JSONValue.parse(Array((reloads[0]["detail"]?.stringValue ?? "").utf8))
        #expect(detail["setting"] == "sensors.occlusion.threshold_pa" && detail["old"] == "60000" && detail["new"] == "30000")
        #expect(reloads[0]["caller"]?["pid"]?.integerValue == Int64(getpid()))
        #expect(reloads[0]["caller"]?["role"] == "signal")

        // Delivery went on through the reload.
        #expect(try daemon.status()["mode"] == "running")
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 60])
        #expect(try Self.steps(daemon) >= before + 6)

        // A pressure between the old and the new threshold is now an occlusion.
        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["occlusion": true]])
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 30])
        let active = try daemon.call("io.pumpd.Pump.GetAlarms")["active"]?.arrayValue ?? []
        let occlusion = try #require(active.first { $0["kind"] == "occlusion" }, "no occlusion alarm: \(active)")
        #expect(occlusion["evidence"]?.stringValue?.contains("≥ 30000 Pa") == true, "\(occlusion)")
        let pressure = try #require(try daemon.call("io.pumpd.Rig.GetTruth")["truth"]?["pressure"]?.integerValue)
        #expect(pressure < 60_000, "the old threshold (and the rig's switch) would not have tripped yet")
        #expect(try daemon.status()["stopCause"] == "alarm")
        // The alarm's stop reaches the event log just after the loop raised it.
        var kinds: [String] = []
        let deadline = Date().addingTimeInterval(10)
        repeat {
            kinds = try daemon.call("io.pumpd.Pump.GetHistory")["events"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
            if kinds.contains("deliveryStopped") { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        #expect(kinds.filter { $0 == "deliveryStopped" }.count == 1, "stopped once, by the alarm, never by the reload: \(kinds)")
    }
}
