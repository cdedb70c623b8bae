import Foundation
import Testing
import Varlink

/// Warnings, their acceptance and their audit, through the control socket of the real pumpd.
@Suite struct ProgrammingWarningAPITests {
    static let active = WirePrescriptions.continuous(microgramsPerDay: 500)
    /// Ten times the dose with its limits raised alike: the shape of a unit or digit slip.
    static let tenfold = WirePrescriptions.continuous(microgramsPerDay: 5_000)

    static func codes(_ warnings: JSONValue?) -> [String] { warnings?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? [] }

    @Test func aTenfoldProgramIsReviewedWithItsWarningsAndCommitsOnlyWhenEachIsAccepted() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        try daemon.program(Self.active)
        let review = try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": Self.tenfold])
        let warnings = try #require(review["warnings"]?.arrayValue)
        let increase = try #require(warnings.first { $0["code"] == "daily-dose-increase" })
        #expect(increase["field"] == "prescription.basal")
        #expect(increase["amount"] == ["unit": "ng", "actual": 5_000_000, "limit": 500_000])
        #expect(increase["message"]?.stringValue?.contains("×10") == true)
        let raised = warnings.filter { $0["code"] == "dose-limit-raised" }.compactMap { $0["field"]?.stringValue }
        #expect(raised == ["prescription.limits.maximumDailyDose", "prescription.limits.maximumHourlyDose"])
        let rows = try #require(review["comparison"]?.arrayValue)
        let daily = try #require(rows.first { $0["label"] == "maximum daily dose" })
        #expect(daily["changed"] == true && daily["old"] == "1000 µg" && daily["new"] == "10 mg")
        #expect(review["new"]?["emptyExpectedAt"]?.stringValue != nil)
        let token = try #require(review["token"])
        let all = Self.codes(review["warnings"])

        // Nothing accepted: refused with every warning; the token stays good.
        let none = try #require(try daemon.refusal("io.pumpd.Pump.CommitPrescription", ["prescription": Self.tenfold, "token": token]))
        #expect(none.name == "io.pumpd.Pump.WarningsNotAccepted")
        #expect(Set(Self.codes(none.parameters["warnings"])) == Set(all))
        // One left out: refused naming that one.
        let partial = try #require(try daemon.refusal(
            "io.pumpd.Pump.CommitPrescription",
            ["prescription": Self.tenfold, "token": token, "acceptWarnings": .array(all.filter { $0 != "daily-dose-increase" }.map { .string($0) })]))
        #expect(Self.codes(partial.parameters["warnings"]) == ["daily-dose-increase"])
        // A code the review did not raise: InvalidValue naming its place in the list.
        let unraised = try #require(try daemon.refusal(
            "io.pumpd.Pump.CommitPrescription",
            ["prescription": Self.tenfold, "token": token, "acceptWarnings": .array((all + ["step-delivers-nothing"]).map { .string($0) })]))
        #expect(unraised.name == "io.pumpd.Pump.InvalidValue")
        #expect(unraised.parameters["field"] == .string("acceptWarnings[\(all.count)]"))
        // Not a code at all.
        let unknown = try #require(try daemon.refusal(
            "io.pumpd.Pump.CommitPrescription", ["prescription": Self.tenfold, "token": token, "acceptWarnings": ["daily-dose-increse"]]))
        #expect(unknown.name == "io.pumpd.Pump.InvalidValue" && unknown.parameters["field"] == "acceptWarnings[0]")
        #expect(unknown.parameters["expected"]?.stringValue?.contains("daily-dose-increase") == true)
        #expect(try daemon.call("io.pumpd.Pump.GetPrescription")["active"] == Self.active, "every refusal changed nothing")

        // Every one accepted: committed, and the event says what was accepted, why and by whom.
        _ = try daemon.call(
            "io.pumpd.Pump.CommitPrescription",
            ["prescription": Self.tenfold, "token": token, "acceptWarnings": .array(all.map { .string($0) }), "overrideReason": "titration ordered"])
        #expect(try daemon.call("io.pumpd.Pump.GetPrescription")["active"] == Self.tenfold)
        let events = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["programCommitted"]])["events"]?.arrayValue ?? []
        let last = try #require(events.last)
        let detail = try JSONValue.parse(Array((last["detail"]?.stringValue ?? "").utf8))
        #expect(Set(detail["acceptedWarnings"]?.arrayValue?.compactMap(\.stringValue) ?? []) == Set(all))
        #expect(detail["overrideReason"] == "titration ordered")
        #expect(last["caller"]?["role"] == "clinician")
    }

    @Test func aProgramWithoutWarningsCommitsWithoutAcceptingAnything() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        let review = try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": Self.active])
        #expect(review["warnings"] == [])
        let token = try #require(review["token"])
        let accepting = try daemon.refusal(
            "io.pumpd.Pump.CommitPrescription", ["prescription": Self.active, "token": token, "acceptWarnings": ["reservoir-low-soon"]])
        #expect(accepting?.name == "io.pumpd.Pump.InvalidValue")
        #expect(accepting?.parameters["expected"]?.stringValue?.contains("no warning") == true)
        _ = try daemon.call("io.pumpd.Pump.CommitPrescription", ["prescription": Self.active, "token": token])
        #expect(try daemon.status()["programmed"] == true)
    }

    @Test func aNestedFractionIsAnInvalidValueNamingItsPath() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        var prescription = try #require(Self.active.objectValue)
        prescription["periodicBolus"] = ["dose": 50000.5, "duration": 600, "interval": 21_600, "firstStartDelay": 0]
        let refusal = try #require(try daemon.refusal("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(prescription)]))
        #expect(refusal.name == "io.pumpd.Pump.InvalidValue")
        #expect(refusal.parameters["field"] == "prescription.periodicBolus.dose")
        #expect(refusal.parameters["value"] == "50000.5")
        #expect(refusal.parameters["expected"]?.stringValue?.contains("integer") == true)
    }

    @Test func violationsBesideAShapeErrorAreAllReportedWithRequestPaths() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        var prescription = try #require(WirePrescriptions.continuous(microgramsPerDay: 500).objectValue)
        prescription["drug"] = ["name": " ", "concentration": 2000]
        prescription["basal"] = ["kind": "flex", "flex": ["everyDay": ["steps": [["start": "00:00", "rate": 500_000], ["start": "08:00", "rate": -1]]]]]
        prescription["limits"] = ["maximumDailyDose": 100_000, "maximumHourlyDose": 500_000, "maximumBolus": 50_000]
        let refusal = try #require(try daemon.refusal("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(prescription)]))
        let fields = refusal.parameters["violations"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(fields.contains("prescription.drug.name"))
        #expect(fields.contains("prescription.basal.flex.everyDay.steps[1].rate"))
    }
}

extension ProgrammingWarningAPITests {
    @Test func theMilligramForMicrogramSlipIsHeldWithItsNumbers() throws {
        // The slip: 500 µg/day active; 500 mg/day typed with the limits also in mg.
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        try daemon.program(Self.active)
        var slip = try #require(WirePrescriptions.continuous(microgramsPerDay: 500).objectValue)
        slip["basal"] = ["kind": "continuous", "rate": 500_000_000]
        slip["limits"] = ["maximumDailyDose": 1_000_000_000, "maximumHourlyDose": 100_000_000, "maximumBolus": 50_000]
        let review = try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(slip)])
        let increase = try #require(review["warnings"]?.arrayValue?.first { $0["code"] == "daily-dose-increase" })
        #expect(increase["amount"] == ["unit": "ng", "actual": 500_000_000, "limit": 500_000])
        #expect(increase["message"]?.stringValue?.contains("×1000") == true)
        let refusal = try daemon.refusal("io.pumpd.Pump.CommitPrescription", ["prescription": .object(slip), "token": review["token"] ?? .null])
        #expect(refusal?.name == "io.pumpd.Pump.WarningsNotAccepted")
        #expect(try daemon.call("io.pumpd.Pump.GetPrescription")["active"] == Self.active)
    }
}
