import PumpctlKit
import Testing
import Varlink

/// The review pumpctl shows is pumpd's in full: every row old and new with the changed ones
/// marked, and for a first program what it gives with the expected dates beside the worst case.
@Suite struct ProgramReviewTests {
    @Test func everyRowIsShownOldAndNewWithTheChangedOnesMarked() throws {
        var review = Fixtures.review
        review["comparison"] = [
            ["label": "drug", "old": "baclofen 2000 µg/mL", "new": "baclofen 2000 µg/mL", "changed": false],
            ["label": "maximum daily dose", "old": "600 µg", "new": "540 mg", "changed": true],
            ["label": "maximum bolus", "old": "50 µg", "new": "45 mg", "changed": true],
            ["label": "basal everyDay step 1", "old": "00:00 400 µg/day", "new": "00:00 400 µg/day", "changed": false],
            ["label": "reservoir empty by (expected)", "old": "2027-01-22T10:00:00+01:00", "new": "2027-01-22T10:00:00+01:00", "changed": false],
        ]
        let pumpd = try FakePumpd([
            "GetStatus": Fixtures.statusReply(), "ValidatePrescription": .reply(review), "CommitPrescription": .reply(Fixtures.committed),
        ])
        let terminal = TestConsole(answers: ["n"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .declined)
        let lines = terminal.outputLines
        #expect(lines.contains("  *  maximum daily dose             600 µg                     540 mg"), "\(terminal.output)")
        #expect(lines.contains("  *  maximum bolus                  50 µg                      45 mg"))
        #expect(lines.contains("     basal everyDay step 1          00:00 400 µg/day           00:00 400 µg/day"))
        #expect(lines.contains("  * 2 lines change"))
    }

    @Test func aFirstProgramShowsItsExpectedDatesBesideTheWorstCase() throws {
        var new = Fixtures.summary(daily: 500_000).objectValue!
        new["lowReservoirExpectedAt"] = "2027-02-01T10:00:00+01:00"
        new["emptyExpectedAt"] = "2027-02-20T10:00:00+01:00"
        var review = Fixtures.review
        review["comparison"] = []
        review["new"] = .object(new)
        let pumpd = try FakePumpd(["GetStatus": Fixtures.statusReply(), "ValidatePrescription": .reply(review)])
        let terminal = TestConsole(answers: ["n"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .declined)
        #expect(terminal.output.contains("low-reservoir alarm by        2027-01-22T10:00:00+01:00"), "\(terminal.output)")
        #expect(terminal.output.contains("low-reservoir alarm expected  2027-02-01T10:00:00+01:00"))
        #expect(terminal.output.contains("reservoir empty expected      2027-02-20T10:00:00+01:00"))
    }
}
