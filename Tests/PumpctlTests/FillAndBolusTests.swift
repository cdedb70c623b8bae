import PumpctlKit
import Testing
import Varlink

/// Refill and first fill go through their review (rows, bridge, warnings) before the commit, and
/// `bolus --end` ends a running bolus through EndBolus.
@Suite struct FillAndBolusTests {
    static let refillResult: JSONValue = [
        "expectedRemaining": 3_200_000, "withdrawn": 3_200_000, "discrepancy": 0, "tolerance": 200_000,
        "discrepancyExceedsTolerance": false, "bridging": true, "reservoir": Fixtures.status()["reservoir"]!,
    ]
    static let concentrationChanged: JSONValue = [
        "code": "concentration-changed", "field": "refill.drug.concentration",
        "message": "the concentration changes from 2000 µg/mL to 500 µg/mL", "amount": ["unit": "µg/mL", "actual": 500, "limit": 2_000],
    ]
    static let refillReview: JSONObject = [
        "comparison": [
            ["label": "concentration", "old": "2000 µg/mL", "new": "500 µg/mL", "changed": true],
            ["label": "reservoir empty by (expected)", "old": "2027-01-22", "new": "2026-12-20", "changed": true],
            ["label": "drug", "old": "baclofen", "new": "baclofen", "changed": false],
        ],
        "warnings": [concentrationChanged],
        "bridge": ["oldConcentration": 2_000, "newConcentration": 500, "oldDrugLeft": 150_000, "volumeRateChangesAt": "2026-11-22T03:00:00+01:00"],
        "token": "r-7", "expiresIn": 300,
    ]

    static func pumpd(role: String = "clinician") throws -> FakePumpd {
        try FakePumpd([
            "GetStatus": Fixtures.statusReply(role: role), "ValidateRefill": .reply(refillReview),
            "CommitRefill": .reply(["result": refillResult, "status": Fixtures.status()]),
            "ValidateFirstFill": .reply(["comparison": [["label": "drug", "old": "—", "new": "baclofen 2000 µg/mL", "changed": true]], "warnings": [], "token": "f-1", "expiresIn": 300]),
            "CommitFirstFill": .reply(["status": Fixtures.status()]),
        ])
    }

    static let refill = ["refill", "--volume", "20mL", "--drug", "baclofen", "--concentration", "500ug/mL", "--withdrawn", "3.2mL"]

    @Test func aRefillShowsItsReviewAndBridgeAndCommitsWithTheAcceptedWarning() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(Self.refill + ["--yes", "--accept", "concentration-changed", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.methods == ["GetStatus", "ValidateRefill", "CommitRefill"])
        #expect(terminal.output.contains("*  concentration                  2000 µg/mL  500 µg/mL"), "\(terminal.output)")
        #expect(terminal.output.contains("   drug                           baclofen    baclofen"))
        #expect(terminal.output.contains("bridge: 150 µL of the old 2000 µg/mL drug left before 500 µg/mL reaches the tip; the volume rate changes 2026-11-22T03:00:00+01:00"))
        #expect(terminal.output.contains("! concentration-changed at refill.drug.concentration"))
        #expect(terminal.output.contains("new 500 µg/mL, compared with 2000 µg/mL"))
        let commit = try #require(pumpd.calls.last)
        #expect(commit.parameters["token"] == "r-7")
        #expect(commit.parameters["acceptWarnings"] == ["concentration-changed"])
        #expect(commit.parameters["refill"] == ["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 500], "withdrawn": 3_200_000])
        #expect(terminal.output.contains("bridging: the catheter still holds the old drug"))
    }

    @Test func jsonPrintsTheRefillReviewWithBridgeAndWarningsThenTheCommit() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(Self.refill + ["--json", "--yes", "--accept", "concentration-changed", "--socket", pumpd.path]) == .success)
        let lines = try terminal.outputLines.map { try JSONValue.parse($0) }
        #expect(lines == [.object(Self.refillReview), .object(["result": Self.refillResult, "status": Fixtures.status()])])
        #expect(lines.first?["warnings"]?[0]?["amount"] == ["unit": "µg/mL", "actual": 500, "limit": 2_000])
        #expect(terminal.errors.isEmpty)
    }

    @Test func aRefillWithAnUnacceptedWarningIsNotRecorded() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(Self.refill + ["--yes", "--socket", pumpd.path]) == .usage)
        #expect(pumpd.methods == ["GetStatus", "ValidateRefill"])
        #expect(terminal.errors.contains("accept them with: --accept concentration-changed"))
    }

    @Test func anOperatorIsToldBeforeTheRefillReview() throws {
        let pumpd = try Self.pumpd(role: "operator")
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(Self.refill + ["--yes", "--socket", pumpd.path]) == .permissionDenied)
        #expect(pumpd.methods == ["GetStatus"])
        #expect(terminal.errors.contains("a refill needs the clinician role; you are operator"))
    }

    @Test func aRefillWithANewProgramSendsItsPrescription() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(Self.refill + ["--file", PrescriptionDocumentTests.example, "--yes", "--accept", "concentration-changed", "--socket", pumpd.path]) == .success)
        let sent = try #require(pumpd.calls.first { $0.methodName == "ValidateRefill" }?.parameters["refill"])
        #expect(sent["prescription"]?["basal"]?["kind"] == "flex")
        #expect(sent["prescription"]?["limits"]?["maximumDailyDose"] == 700_000)
    }

    @Test func aFirstFillIsReviewedThenCommitted() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(answers: ["y"], inputIsTerminal: true)
        #expect(terminal.run(["first-fill", "--volume", "20mL", "--drug", "baclofen", "--concentration", "2000ug/mL", "--primed", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.methods == ["GetStatus", "ValidateFirstFill", "CommitFirstFill"])
        #expect(terminal.errors == "Commit this first fill? [y/N] ")
        let fill: JSONValue = ["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 2_000], "primed": true]
        #expect(pumpd.calls[1].parameters == ["fill": fill])
        #expect(pumpd.calls[2].parameters == ["fill": fill, "token": "f-1"])
        #expect(terminal.outputLines.last?.hasPrefix("first fill recorded: 18.25 mL of 20 mL baclofen 2000 µg/mL") == true)
    }

    @Test func bolusEndEndsTheBolusAndSaysTheBasalRuns() throws {
        let pumpd = try FakePumpd([
            "EndBolus": .reply(["task": ["kind": "singleBolus", "planned": 25_000, "delivered": 10_000, "dose": 50_000, "doseDelivered": 20_000], "status": Fixtures.status()]),
        ])
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--end", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.methods == ["EndBolus"])
        #expect(terminal.output == "single bolus ended: 20 µg of 50 µg (10 µL of 25 µL, 40 %); the pump is running, dose rate 500 µg/day\n")
        let both = TestConsole()
        #expect(both.run(["bolus", "--end", "--dose", "5ug", "--socket", pumpd.path]) == .usage)
    }
}
