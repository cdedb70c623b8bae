import PumpCore
import PumpctlKit
import Testing
import Varlink

/// pumpctl takes every spelling of the grammar pumpd and pump-hil share (`QuantityParser`), and
/// turns each into the integer the grammar gives: one table drives all three tools' tests.
@Suite struct UnitSpellingTests {
    /// The wire prescription pumpctl sends for the simple program with `flag` set to `text`.
    static func sent(_ flag: String, _ text: String) throws -> JSONObject? {
        let pumpd = try ProgramCommandTests.pumpd()
        var flags = Fixtures.programFlags
        let index = try #require(flags.firstIndex(of: flag))
        flags[index + 1] = text
        let terminal = TestConsole(answers: ["n"], inputIsTerminal: true)
        _ = terminal.run(["program"] + flags + ["--socket", pumpd.path])
        return pumpd.calls.first { $0.methodName == "ValidatePrescription" }?.parameters["prescription"]?.objectValue
    }

    @Test func everyDoseRateSpellingIsTakenByDailyDose() throws {
        for spelling in QuantityParser.unitSpellings(of: .doseRate) + QuantityParser.unitSpellings(of: .mass) {
            let text = "1" + spelling
            guard let expected = try? QuantityParser.dailyDose(text) else { continue }  // not whole ng/day: refused alike
            let prescription = try #require(try Self.sent("--daily-dose", text), "\(text)")
            #expect(prescription["basal"]?["rate"] == .integer(expected), "\(text)")
        }
    }

    @Test func everyDailyLimitSpellingIsTakenByMaxDailyDose() throws {
        for spelling in QuantityParser.unitSpellings(of: .dailyMass) {
            let text = "600" + spelling
            let expected = try QuantityParser.dailyMass(text)
            let prescription = try #require(try Self.sent("--max-daily-dose", text), "\(text)")
            #expect(prescription["limits"]?["maximumDailyDose"] == .integer(expected), "\(text)")
        }
        let hourly = try #require(try Self.sent("--max-hourly-dose", "60ug/h"))
        #expect(hourly["limits"]?["maximumHourlyDose"] == .integer(60_000))
    }

    @Test func aDailyLimitPerHourIsRefusedWithTheGrammarsMessage() throws {
        let pumpd = try ProgramCommandTests.pumpd()
        var flags = Fixtures.programFlags
        flags[flags.firstIndex(of: "--max-daily-dose")! + 1] = "25ug/h"
        let terminal = TestConsole(answers: [], inputIsTerminal: true)
        #expect(terminal.run(["program"] + flags + ["--socket", pumpd.path]) != .success)
        #expect(pumpd.calls.isEmpty)
        #expect(terminal.errors.contains(QuantityParseError.wrongPeriod(text: "25ug/h", kind: .dailyMass).description), "\(terminal.errors)")
    }
}
