import Foundation
import PumpctlKit
import Testing
import Varlink

/// `pumpctl program` against a fake pumpd: validate, review, confirm, commit.
@Suite struct ProgramCommandTests {
    static let expectedPrescription: JSONObject = [
        "drug": ["name": "baclofen", "concentration": 2_000],
        "basal": ["kind": "continuous", "rate": 500_000],
        "limits": ["maximumDailyDose": 600_000, "maximumHourlyDose": 60_000, "maximumBolus": 50_000],
        "lowReservoirAlarm": 2_000_000,
    ]

    static func pumpd() throws -> FakePumpd {
        try FakePumpd([
            "GetStatus": Fixtures.statusReply(), "ValidatePrescription": .reply(Fixtures.review), "CommitPrescription": .reply(Fixtures.committed),
        ])
    }

    @Test func flagsBecomeTheWirePrescriptionAndYesCommitsWithTheToken() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(answers: ["y"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .success)
        #expect(pumpd.methods == ["GetStatus", "ValidatePrescription", "CommitPrescription"])
        #expect(pumpd.calls[1].parameters == ["prescription": .object(Self.expectedPrescription)])
        #expect(pumpd.calls[2].parameters == ["prescription": .object(Self.expectedPrescription), "token": "tok-1"])
        #expect(terminal.errors == "Commit this program? [y/N] ")
        #expect(terminal.output.contains("*  basal daily dose  400.000 µg           500.000 µg"))
        #expect(terminal.output.contains("this review is valid for 5 min"))
        #expect(terminal.outputLines.last == "committed: baclofen 2000 µg/mL, simple continuous; the pump is running")
    }

    @Test func answeringNoCommitsNothingAndExitsDeclined() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(answers: ["n"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .declined)
        #expect(pumpd.methods == ["GetStatus", "ValidatePrescription"])
        #expect(terminal.errors.hasSuffix("Not committed: the active program is unchanged.\n"))
    }

    @Test func aPipedStdinWithoutYesIsRefusedBeforeCommitting() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(answers: ["y"], inputIsTerminal: false)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .usage)
        #expect(pumpd.methods == ["GetStatus", "ValidatePrescription"])
        #expect(terminal.errors.contains("pass --yes"))
    }

    @Test func yesCommitsFromAScriptWithoutAsking() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(["program", "--yes", "--json"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .success)
        #expect(pumpd.methods == ["GetStatus", "ValidatePrescription", "CommitPrescription"])
        #expect(terminal.errors.isEmpty)
        #expect(try terminal.outputLines.map { try JSONValue.parse($0) } == [.object(Fixtures.review), .object(Fixtures.committed)])
    }

    @Test func everyViolationIsListedAndNothingIsAsked() throws {
        let violations: JSONValue = [
            ["rule": "above-maximum-daily-dose", "field": "basal.rate", "actual": "700.000 µg/day", "limit": "≤ 600.000 µg"],
            ["rule": "low-reservoir-alarm-out-of-range", "field": "lowReservoirAlarm", "actual": "30.000 mL", "limit": "≤ 20.000 mL"],
        ]
        let pumpd = try FakePumpd(["GetStatus": Fixtures.statusReply(), "ValidatePrescription": .error("InvalidPrescription", ["violations": violations])])
        let terminal = TestConsole(answers: ["y"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .refused)
        #expect(pumpd.methods == ["GetStatus", "ValidatePrescription"])
        #expect(terminal.errors == """
            invalid prescription:
              basal.rate is 700.000 µg/day, must be ≤ 600.000 µg (above-maximum-daily-dose)
              lowReservoirAlarm is 30.000 mL, must be ≤ 20.000 mL (low-reservoir-alarm-out-of-range)

            """)
    }

    @Test func periodicAndPatientBolusFlagsGoTogether() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        let flags = Fixtures.programFlags + [
            "--periodic-dose", "50ug", "--periodic-duration", "10min", "--periodic-interval", "6h",
            "--patient-dose", "25ug", "--patient-duration", "5min", "--patient-lockout", "2h", "--patient-max-per-day", "4",
        ]
        #expect(terminal.run(["program", "--yes"] + flags + ["--socket", pumpd.path]) == .success)
        let sent = try #require(pumpd.calls.first { $0.methodName == "ValidatePrescription" }?.parameters["prescription"])
        #expect(sent["periodicBolus"] == ["dose": 50_000, "duration": 600, "interval": 21_600, "firstStartDelay": 0])
        #expect(sent["patientBolus"] == ["dose": 25_000, "duration": 300, "lockout": 7_200, "maximumPerDay": 4])

        let incomplete = TestConsole(inputIsTerminal: false)
        #expect(incomplete.run(["program", "--yes"] + Fixtures.programFlags + ["--periodic-dose", "50ug", "--socket", pumpd.path]) == .usage)
        #expect(incomplete.errors.contains("also give --periodic-duration, --periodic-interval"))
        #expect(pumpd.calls.count == 3)
    }

    @Test func missingFlagsAreNamed() {
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--drug", "baclofen", "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(terminal.errors.contains("--concentration, --daily-dose or --flex (or a periodic bolus), --max-daily-dose, --max-hourly-dose, --max-bolus, --low-reservoir"))
    }

    @Test func aPrescriptionFileIsSentExactlyAsWritten() throws {
        let text = """
            {"drug": {"name": "baclofen", "concentration": 2000},
             "basal": {"kind": "flex", "flex": {"everyDay": {"steps": [{"start": "00:00", "rate": 400000}, {"start": "08:00", "rate": 600000}]},
                                                "byWeekday": {"sunday": {"steps": [{"start": "00:00", "rate": 450000}]}}}},
             "limits": {"maximumDailyDose": 700000, "maximumHourlyDose": 60000, "maximumBolus": 50000},
             "lowReservoirAlarm": 2000000}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-test-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let pumpd = try Self.pumpd()
        let terminal = TestConsole(answers: ["yes"], inputIsTerminal: true)
        #expect(terminal.run(["program", "--file", file.path, "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.first { $0.methodName == "ValidatePrescription" }?.parameters == ["prescription": try JSONValue.parse(text)])
        #expect(terminal.output.contains("basal                flex, every day: 00:00 400 µg/day, 08:00 600 µg/day"))
        #expect(terminal.output.contains("sunday: 00:00 450 µg/day"))
    }

    @Test func aBrokenPrescriptionFileIsAUsageErrorNamingTheField() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-test-\(UUID().uuidString).json")
        try #"{"drug": {"name": "baclofen", "concentration": "2000"}}"#.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--file", file.path, "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(terminal.errors.contains("drug.concentration has the wrong type (expected int64)"))
        try #"{"drug": {"name": "baclofen"}}"#.write(to: file, atomically: true, encoding: .utf8)
        let missing = TestConsole()
        #expect(missing.run(["program", "--file", file.path, "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(missing.errors.contains("drug.concentration is missing"))
        let withFlags = TestConsole()
        #expect(withFlags.run(["program", "--file", file.path, "--drug", "x", "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(withFlags.errors.contains("give no other program flags with it (got --drug)"))
    }

    /// A file decoded as pumpd decodes it: the same field paths, and a typo is refused before pumpd is asked.
    @Test(arguments: [
        (#"{"start": "08:00", "rate": "600 ug"}"#, "basal.flex.everyDay.steps[1].rate has the wrong type (expected int64)"),
        (#"{"start": "8:00", "rate": 600000}"#, "basal.flex.everyDay.steps[1].start is invalid: expected HH:MM or HH:MM:SS"),
        (#"{"start": "08:00", "rate": 600000, "rat": 1}"#, "basal.flex.everyDay.steps[1].rat is not a known field"),
    ])
    func aPrescriptionFileIsCheckedAsPumpdDecodesIt(step: String, message: String) throws {
        let text = """
            {"drug": {"name": "baclofen", "concentration": 2000},
             "basal": {"kind": "flex", "flex": {"everyDay": {"steps": [{"start": "00:00", "rate": 400000}, \(step)]}}},
             "limits": {"maximumDailyDose": 700000, "maximumHourlyDose": 60000, "maximumBolus": 50000},
             "lowReservoirAlarm": 2000000}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-test-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--file", file.path, "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(terminal.errors.contains("prescription file \(file.path): \(message)"), "\(terminal.errors)")
    }

    @Test func aSpanLongerThanThePumpCountsIsAUsageError() {
        let terminal = TestConsole()
        let flags = Fixtures.programFlags + ["--periodic-dose", "50ug", "--periodic-duration", "10min", "--periodic-interval", "300000d"]
        #expect(terminal.run(["program", "--yes"] + flags + ["--socket", "/tmp/unused.sock"]) == .usage)
        #expect(terminal.errors.contains("\"300000d\" is too large"), "\(terminal.errors)")
    }
}
