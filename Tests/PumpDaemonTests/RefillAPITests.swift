import Foundation
import Testing
import Varlink

/// Refills and first fills through the socket: validate → review → commit with a token.
@Suite struct RefillAPITests {
    static let baclofen2000: JSONValue = ["name": "baclofen", "concentration": 2000]

    @Test func aDrugSwapAtRefillIsRefusedWithItsOwnErrorAndChangesNothing() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let before = try daemon.call("io.pumpd.Pump.GetPrescription")["active"]
        let refill: JSONObject = ["volume": 20_000_000, "drug": ["name": "morphine", "concentration": 25_000], "withdrawn": 1_000_000]
        let refusal = try #require(try daemon.refusal("io.pumpd.Pump.ValidateRefill", ["refill": .object(refill)]))
        #expect(refusal.name == "io.pumpd.Pump.InvalidRefill", "\(refusal)")
        let violations = refusal.parameters["violations"]?.arrayValue ?? []
        #expect(violations.map { $0["field"] } == ["refill.drug.name"] && violations.first?["rule"] == "drug-change-needs-prescription", "\(refusal)")
        #expect(try daemon.call("io.pumpd.Pump.GetPrescription")["active"] == before)
        #expect(try daemon.status()["reservoir"]?["drug"]?["name"] == "baclofen")
    }

    @Test func aConcentrationChangeIsReviewedWithItsBridgeAndCommitsANewProgramKeepingThePrevious() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 500))
        let active = try #require(try daemon.call("io.pumpd.Pump.GetPrescription")["active"])
        let refill: JSONObject = ["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 500], "withdrawn": 1_000_000]
        let review = try daemon.call("io.pumpd.Pump.ValidateRefill", ["refill": .object(refill)])
        #expect(review["warnings"]?.arrayValue?.map { $0["code"] } == ["concentration-changed"], "\(review)")
        #expect(review["bridge"]?["oldConcentration"] == 2000 && review["bridge"]?["newConcentration"] == 500, "\(review)")
        #expect((review["bridge"]?["oldDrugLeft"]?.integerValue ?? 0) > 0)
        #expect(review["newProgram"]?["drug"]?["concentration"] == 500)
        #expect(review["newProgram"]?["basal"] == active["basal"], "the same µg/day")
        let rows = review["comparison"]?.arrayValue ?? []
        #expect(rows.contains { $0["label"] == "concentration" && $0["changed"] == true }, "\(rows)")
        let token = try #require(review["token"])

        // Not accepting the warning refuses the commit and leaves the token usable.
        let unaccepted = try daemon.refusal("io.pumpd.Pump.CommitRefill", ["refill": .object(refill), "token": token])
        #expect(unaccepted?.name == "io.pumpd.Pump.WarningsNotAccepted", "\(String(describing: unaccepted))")
        #expect(unaccepted?.parameters["warnings"]?[0]?["code"] == "concentration-changed")
        let wrongCode = try daemon.refusal(
            "io.pumpd.Pump.CommitRefill", ["refill": .object(refill), "token": token, "acceptWarnings": ["concentration-changed", "soft-limit-rate"]])
        #expect(wrongCode?.name == "io.pumpd.Pump.InvalidValue" && wrongCode?.parameters["field"] == "acceptWarnings[1]")

        let committed = try daemon.call(
            "io.pumpd.Pump.CommitRefill", ["refill": .object(refill), "token": token, "acceptWarnings": ["concentration-changed"]])
        #expect(committed["result"]?["bridging"] == true)
        #expect(committed["status"]?["reservoir"]?["drug"]?["concentration"] == 500)
        let programs = try daemon.call("io.pumpd.Pump.GetPrescription")
        #expect(programs["active"]?["drug"]?["concentration"] == 500)
        #expect(programs["previous"] == active, "the previous program is kept")
        let refilled = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["refilled"]])["events"]?.arrayValue ?? []
        #expect(refilled.last?["detail"]?.stringValue?.contains("concentration-changed") == true, "\(refilled)")
        #expect(refilled.last?["caller"]?["role"] == "clinician")
    }

    @Test func aFirstFillCommissionsAPumpNeverFilledOnce() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        let fill: JSONObject = ["volume": 18_000_000, "drug": ["name": "baclofen", "concentration": 1000], "primed": true]
        let review = try daemon.call("io.pumpd.Pump.ValidateFirstFill", ["fill": .object(fill)])
        #expect((review["comparison"]?.arrayValue ?? []).contains { $0["label"] == "fluid path" }, "\(review)")
        let token = try #require(review["token"])
        let committed = try daemon.call("io.pumpd.Pump.CommitFirstFill", ["fill": .object(fill), "token": token])
        #expect(committed["reservoir"]?["fillVolume"] == 18_000_000 && committed["reservoir"]?["drug"]?["concentration"] == 1000)
        #expect(committed["status"]?["mode"] == "stopped")
        let again = try daemon.refusal("io.pumpd.Pump.ValidateFirstFill", ["fill": .object(fill)])
        #expect(again?.name == "io.pumpd.Pump.InvalidRefill" && again?.parameters["violations"]?[0]?["rule"] == "already-filled", "\(String(describing: again))")
        let events = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["refilled"]])["events"]?.arrayValue ?? []
        #expect(events.count == 1 && events.first?["detail"]?.stringValue?.contains("firstFill") == true, "\(events)")
        // Programmed for the drug filled, it runs (the path arrived primed).
        var program = try #require(WirePrescriptions.continuous(microgramsPerDay: 500).objectValue)
        program["drug"] = ["name": "baclofen", "concentration": 1000]
        let programToken = try #require(try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(program)])["token"])
        let running = try daemon.call("io.pumpd.Pump.CommitPrescription", ["prescription": .object(program), "token": programToken])
        #expect(running["status"]?["mode"] == "running", "\(running)")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func aRefillDiscrepancyIsAcknowledgedByAClinicianOnlyAndItsSeverityIsSpelledOneWay() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try AccessRoleTests.profile(in: daemon.stateDirectory), "--daily-dose", "500ug/day"])
        chmod(daemon.socket, 0o666)
        try daemon.refill(["volume": 20_000_000, "drug": Self.baclofen2000, "withdrawn": 0])
        let refused = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.AcknowledgeAlarm", #"{"kind": "refill-discrepancy"}"#)
        #expect(refused.hasPrefix("io.pumpd.Pump.PermissionDenied") && refused.contains("acknowledgement by a clinician"), "\(refused)")
        let alarms = try daemon.call("io.pumpd.Pump.GetAlarms")
        #expect(alarms["active"]?[0]?["severity"] == "non_critical", "\(alarms)")
        #expect(alarms["history"]?.arrayValue?.allSatisfy { $0["severity"] == "non_critical" || $0["severity"] == "critical" } == true, "\(alarms)")
        _ = try daemon.call("io.pumpd.Pump.AcknowledgeAlarm", ["kind": "refill-discrepancy"])
        #expect(try daemon.status()["alarms"]?.arrayValue?.isEmpty == true)
    }
}
