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

    /// A profile and its own copy of the shipped library in `directory`; the library edited by
    /// `edit` (which must change it when given).
    static func rigWithLibrary(in directory: String, edit: (from: String, to: String)? = nil) throws -> String {
        let shipped = PumpDaemonProcessTests.repository.path + "/hw-profiles"
        var library = try String(contentsOfFile: shipped + "/drug-library.toml", encoding: .utf8)
        if let edit {
            try #require(library.contains(edit.from))
            library = library.replacingOccurrences(of: edit.from, with: edit.to)
        }
        try library.write(toFile: directory + "/drug-library.toml", atomically: true, encoding: .utf8)
        let path = directory + "/library-rig.toml"
        try String(contentsOfFile: shipped + "/sim.toml", encoding: .utf8).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aBrokenLibraryOnReloadIsRefusedWholeAndAGoodOneIsAppliedAndAudited() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let profile = try Self.rigWithLibrary(in: daemon.stateDirectory)
        try daemon.start(extra: ["--profile", profile, "--clock", "virtual", "--daily-dose", "500ug/day"], until: .delivering)
        #expect(daemon.log.contains("drug library \"intrathecal-example 2026-12\" (4 drugs, other drugs allowed) from \(daemon.stateDirectory)/drug-library.toml"),
                "\(daemon.logTail())")

        // Soft above hard: the whole profile no longer loads; nothing of it is applied.
        _ = try Self.rigWithLibrary(in: daemon.stateDirectory, edit: ("hard = \"20mg/day\"", "hard = \"9mg/day\""))
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("reload refused: the profile no longer loads"), "\(daemon.logTail())")
        #expect(daemon.log.contains("\(daemon.stateDirectory)/drug-library.toml:"), "the library's own file and line: \(daemon.logTail())")
        #expect(daemon.log.contains("drugs.morphine.daily_dose.soft: the soft limit is above the hard limit"), "\(daemon.logTail())")
        #expect(try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["settingsReloaded"]])["events"]?.arrayValue?.isEmpty == true)
        #expect(try daemon.status()["mode"] == "running")

        // A valid edit (ziconotide dropped) is applied and audited with the caller.
        _ = try Self.rigWithLibrary(in: daemon.stateDirectory, edit: ("[drugs.ziconotide]", "[drugs.ziconotide-not-stocked]"))
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("programming.drug_library"), "\(daemon.logTail())")
        let reloads = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["settingsReloaded"]])["events"]?.arrayValue ?? []
        try #require(reloads.count == 1, "\(reloads)")
        #expect(reloads[0]["summary"]?.stringValue?.hasPrefix("drug library reloaded: ") == true, "\(reloads)")
        #expect(reloads[0]["caller"]?["pid"]?.integerValue == Int64(getpid()))
        let detail = try JSONValue.parse(Array((reloads[0]["detail"]?.stringValue ?? "").utf8))
        #expect(detail["setting"] == "programming.drug_library" && detail["library"] == "intrathecal-example 2026-12")
        #expect(detail["entries"]?.integerValue == 4)
        #expect(try daemon.status()["mode"] == "running")
    }

    @Test func aBrokenLibraryFailsTheProfileCheckAndTheStartWithExitTwo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("library-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = try Self.rigWithLibrary(in: directory, edit: ("concentrations = [\"25ug/mL\", \"100ug/mL\"]", "concentrations = []"))
        let check = try PumpDaemonProcessTests.run(["--check-profile", profile])
        #expect(check.status == 2, "\(check.output)")
        #expect(check.output.contains("\(directory)/drug-library.toml:") && check.output.contains("error: drugs.ziconotide.concentrations: "), "\(check.output)")
        // Bounded: a pumpd that wrongly started is stopped (and fails the expectation) after 3 s.
        let start = try PumpDaemonProcessTests.run(["--profile", profile], terminateAfter: 3)
        #expect(start.status == 2 && !start.signalled, "\(start.output)")
    }

    @Test func aProfileWithoutALibraryStartsAndSaysSo() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        var text = try ShippedProfileText.text()
        let table = try #require(text.range(of: "\n[programming]"))
        text.removeSubrange(table.lowerBound...)
        let profile = daemon.stateDirectory + "/no-library.toml"
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        try daemon.start(extra: ["--profile", profile, "--clock", "virtual", "--daily-dose", "500ug/day"], until: .delivering)
        #expect(daemon.log.contains("pumpd: no drug library: the profile names none"), "\(daemon.logTail())")
    }
}
