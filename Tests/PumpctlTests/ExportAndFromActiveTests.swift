import Foundation
import PumpCore
import PumpctlKit
import Testing
import Varlink

/// `prescription --export` writes the active program as a file that `program --file` sends back
/// unchanged; `program --from-active` changes only the options given.
@Suite struct ExportAndFromActiveTests {
    static let active: JSONValue = [
        "drug": ["name": "baclofen", "concentration": 2_000],
        "basal": ["kind": "flex", "flex": [
            "everyDay": ["steps": [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": 516_666]]],
            "byWeekday": ["sunday": ["steps": [["start": "00:00", "rate": 450_000]]]],
        ]],
        "periodicBolus": ["dose": 50_000, "duration": 600, "interval": 21_600, "firstStartDelay": 3_600],
        "patientBolus": ["dose": 25_000, "duration": 300, "lockout": 7_200, "maximumPerDay": 4],
        "limits": ["maximumDailyDose": 700_000, "maximumHourlyDose": 60_000, "maximumBolus": 50_000],
        "lowReservoirAlarm": 2_000_000,
    ]

    static func pumpd() throws -> FakePumpd {
        try FakePumpd([
            "GetStatus": Fixtures.statusReply(), "GetPrescription": .reply(["active": active, "committedAt": "2026-11-21T08:00:00+01:00"]),
            "ValidatePrescription": .reply(Fixtures.review), "CommitPrescription": .reply(Fixtures.committed),
        ])
    }

    func sent(_ pumpd: FakePumpd) -> JSONValue? { pumpd.calls.first { $0.methodName == "ValidatePrescription" }?.parameters["prescription"] }

    @Test func anExportedProgramIsSentBackExactlyAsItWas() throws {
        let pumpd = try Self.pumpd()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-test-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: file) }
        let export = TestConsole()
        #expect(export.run(["prescription", "--export", file.path, "--socket", pumpd.path]) == .success, "\(export.errors)")
        #expect(export.output == "exported the active program to \(file.path)\n")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"08:00=516.666 µg/day\","))
        #expect(text.contains("first_start_delay = \"1 h\""))
        let program = TestConsole()
        #expect(program.run(["program", "--yes", "--file", file.path, "--socket", pumpd.path]) == .success, "\(program.errors)")
        #expect(sent(pumpd) == Self.active)
    }

    @Test func exportToADashWritesStdout() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole()
        #expect(terminal.run(["prescription", "--export", "-", "--socket", pumpd.path]) == .success)
        #expect(terminal.output.hasPrefix("# pumpd prescription"))
        #expect(terminal.output.contains("[basal.weekdays]\nsunday = [\n  \"00:00=450 µg/day\",\n]"), "\(terminal.output)")
    }

    @Test func fromActiveChangesOnlyTheOptionsGiven() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--yes", "--from-active", "--max-bolus", "40ug", "--patient-lockout", "3h", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.methods == ["GetStatus", "GetPrescription", "ValidatePrescription", "CommitPrescription"])
        var expected = Self.active.objectValue!
        expected["limits"] = ["maximumDailyDose": 700_000, "maximumHourlyDose": 60_000, "maximumBolus": 40_000]
        expected["patientBolus"] = ["dose": 25_000, "duration": 300, "lockout": 10_800, "maximumPerDay": 4]
        #expect(sent(pumpd) == .object(expected))
    }

    @Test func fromActiveReplacesOneWeekdayAndCanDropABolus() throws {
        let pumpd = try Self.pumpd()
        let terminal = TestConsole()
        let arguments = ["program", "--yes", "--from-active", "--flex-on", "saturday=00:00=300ug/day", "--no-periodic-bolus", "--socket", pumpd.path]
        #expect(terminal.run(arguments) == .success, "\(terminal.errors)")
        let sent = try #require(self.sent(pumpd))
        #expect(sent["periodicBolus"] == nil)
        #expect(sent["basal"]?["flex"]?["everyDay"] == Self.active["basal"]?["flex"]?["everyDay"])
        #expect(sent["basal"]?["flex"]?["byWeekday"]?["sunday"] == Self.active["basal"]?["flex"]?["byWeekday"]?["sunday"])
        #expect(sent["basal"]?["flex"]?["byWeekday"]?["saturday"] == ["steps": [["start": "00:00", "rate": 300_000]]])
    }

    @Test func fromActiveWithoutAnActiveProgramOrWithoutChangesIsRefused() throws {
        let none = try FakePumpd(["GetStatus": Fixtures.statusReply(), "GetPrescription": .reply(["active": nil])])
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--yes", "--from-active", "--max-bolus", "40ug", "--socket", none.path]) == .refused)
        #expect(terminal.errors.contains("--from-active needs an active program"))
        #expect(none.methods == ["GetStatus", "GetPrescription"])
        let bare = TestConsole()
        #expect(bare.run(["program", "--from-active", "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(bare.errors.contains("--from-active changes the options given: give at least one"))
    }
}
