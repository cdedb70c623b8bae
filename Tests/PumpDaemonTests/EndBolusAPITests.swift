import Foundation
import Testing
import Varlink

/// EndBolus through the socket: the bolus ends, the basal keeps running; a clinician ends any
/// bolus, an operator only a patient bolus.
@Suite struct EndBolusAPITests {
    @Test func aBolusEndedEarlyLeavesTheBasalRunning() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let basalRate = try #require(try daemon.status()["basalRate"]?.integerValue)
        _ = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 20_000, "duration": 3600])
        #expect(try daemon.status()["task"]?["kind"] == "singleBolus")
        let ended = try daemon.call("io.pumpd.Pump.EndBolus")
        #expect(ended["task"]?["kind"] == "singleBolus" && ended["task"]?["planned"] == 10_000, "\(ended)")
        #expect(ended["task"]?["dose"] == 20_000)
        #expect((0..<10_000).contains(ended["task"]?["delivered"]?.integerValue ?? -1), "\(ended)")
        #expect(ended["status"]?["mode"] == "running" && ended["status"]?["task"] == nil, "\(ended)")
        #expect(ended["status"]?["basalRate"]?.integerValue == basalRate)
        let interrupted = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["bolusInterrupted"]])["events"]?.arrayValue ?? []
        #expect(interrupted.count == 1 && interrupted.first?["caller"]?["role"] == "clinician", "\(interrupted)")
    }

    @Test func endingWhenNoBolusRunsIsATypedRefusal() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let refusal = try daemon.refusal("io.pumpd.Pump.EndBolus")
        #expect(refusal?.name == "io.pumpd.Pump.NoBolusRunning", "\(String(describing: refusal))")
        #expect(try daemon.status()["mode"] == "running")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func anOperatorEndsAPatientBolusButNotAClinicianSingleBolus() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try AccessRoleTests.profile(in: daemon.stateDirectory)])
        chmod(daemon.socket, 0o666)
        let prescription = WirePrescriptions.continuous(
            microgramsPerDay: 500, patientBolus: ["dose": 20_000, "duration": 1800, "lockout": 3600, "maximumPerDay": 4])
        let token = try #require(try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": prescription])["token"])
        _ = try daemon.call("io.pumpd.Pump.CommitPrescription", ["prescription": prescription, "token": token])

        _ = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 20_000, "duration": 3600])
        let refused = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.EndBolus")
        #expect(refused.hasPrefix("io.pumpd.Pump.PermissionDenied") && refused.contains("patient bolus only"), "\(refused)")
        #expect(try daemon.status()["task"]?["kind"] == "singleBolus")
        _ = try daemon.call("io.pumpd.Pump.EndBolus")

        #expect(try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Bolus", #"{"kind": "patient"}"#).hasPrefix("ok"))
        let ended = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.EndBolus")
        #expect(ended.hasPrefix("ok") && ended.contains("\"patientBolus\""), "\(ended)")
        #expect(try daemon.status()["mode"] == "running")
        let audited = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["callRefused"]])["events"]?.arrayValue ?? []
        #expect(audited.count == 1 && audited.first?["caller"]?["role"] == "operator", "\(audited)")
    }
}
