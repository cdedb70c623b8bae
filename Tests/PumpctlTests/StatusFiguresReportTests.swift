import PumpctlKit
import Testing
import Varlink

/// Status shows the bridge, the expected and worst-case low and empty dates, and the patient
/// boluses used and left with the lockout left, when pumpd sends them; nothing when it does not.
@Suite struct StatusFiguresReportTests {
    static func status() -> JSONValue {
        var status = Fixtures.status().objectValue!
        var reservoir = status["reservoir"]!.objectValue!
        reservoir["lowReservoirExpectedAt"] = "2027-01-30T10:00:00+01:00"
        reservoir["emptyAt"] = "2027-02-01T10:00:00+01:00"
        reservoir["emptyExpectedAt"] = "2027-02-10T10:00:00+01:00"
        status["reservoir"] = .object(reservoir)
        status["bridge"] = ["oldConcentration": 2_000, "newConcentration": 500, "oldDrugLeft": 150_000, "volumeRateChangesAt": "2026-11-22T03:00:00+01:00"]
        status["patientBolus"] = ["used": 1, "left": 3, "lockoutRemaining": 5_280, "nextAllowedAt": "2026-11-21T10:00:00+01:00"]
        return .object(status)
    }

    @Test func statusShowsBridgeDatesAndPatientBoluses() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Self.status()])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        let output = terminal.output
        #expect(output.contains("low-reservoir alarm expected 2027-01-30T10:00:00+01:00; at worst (every allowed bolus) by 2027-01-22T10:00:00+01:00"), "\(output)")
        #expect(output.contains("empty expected 2027-02-10T10:00:00+01:00; at worst (every allowed bolus) by 2027-02-01T10:00:00+01:00"))
        #expect(output.contains("bridge         150 µL of the old 2000 µg/mL drug left before 500 µg/mL reaches the tip"), "\(output)")
        #expect(output.contains("patient bolus  1 used, 3 left in the last 24 h; locked out for 1 h 28 min (next at 2026-11-21T10:00:00+01:00)"))
    }

    @Test func aPumpdWithoutTheAdditionsShowsTheWorstCaseAsBefore() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status()])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", pumpd.path]) == .success)
        #expect(terminal.output.contains("low-reservoir alarm by 2027-01-22T10:00:00+01:00"))
        #expect(!terminal.output.contains("bridge"))
        #expect(!terminal.output.contains("patient bolus"))
    }

    @Test func jsonPassesTheNewFieldsThrough() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Self.status()])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--json", "--socket", pumpd.path]) == .success)
        let reply = try JSONValue.parse(terminal.output)
        #expect(reply["status"]?["patientBolus"]?["lockoutRemaining"] == 5_280)
        #expect(reply["status"]?["bridge"]?["oldDrugLeft"] == 150_000)
    }
}
