import PumpCore
import Testing

@testable import pumpd

/// pumpd's `--daily-dose` takes the units pumpctl takes, through the same grammar: every dose-rate
/// spelling the grammar lists, and a mass per day; a bare number is refused with the fix.
@Suite struct DailyDoseOptionTests {
    @Test func everyDoseRateSpellingGivesTheGrammarsValue() throws {
        for spelling in QuantityParser.unitSpellings(of: .doseRate) + QuantityParser.unitSpellings(of: .mass) {
            let text = "500" + spelling
            guard let expected = try? QuantityParser.dailyDose(text) else { continue }  // not whole ng/day: refused alike
            if (1_000...1_000_000_000).contains(expected) {
                #expect(try PumpDaemon.parse(["--daily-dose", text]).dailyDose == expected, "\(text)")
            } else {
                #expect(throws: (any Error).self, "\(text) is outside 1ug/day…1g/day") { try PumpDaemon.parse(["--daily-dose", text]) }
            }
        }
    }

    @Test func aBareNumberIsRefusedWithTheUnitToAdd() {
        #expect(throws: (any Error).self) { try PumpDaemon.parse(["--daily-dose", "500"]) }
        do {
            _ = try PumpDaemon.parse(["--daily-dose", "500"])
        } catch {
            let message = PumpDaemon.message(for: error)
            #expect(message.contains("has no unit") && message.contains("500ug/day"), "\(message)")
        }
    }

    @Test func theConcentrationTakesUnitsToo() throws {
        #expect(try PumpDaemon.parse(["--concentration", "2mg/ml"]).concentration == 2_000)
        #expect(try PumpDaemon.parse([]).concentration == nil)
        #expect(throws: (any Error).self) { try PumpDaemon.parse(["--concentration", "2000"]) }
    }
}

/// A negative number after one of pumpd's options reaches that option's check instead of being
/// read as an unknown flag and reported as a missing value.
@Suite struct NegativeDaemonOptionTests {
    @Test(arguments: [
        (["--time-scale", "-1"], "--time-scale must be 1…100000"),
        (["--daily-dose", "-5ug/day"], "negative"),
        // Their nanoseconds overflowed 64 bits: the daemon trapped after "ready".
        (["--status-interval", "10000000000"], "--status-interval must be 1…86400 s"),
        (["--run-for", "10000000000"], "--run-for must be 0…315360000 s"),
        (["--run-for", "-1"], "--run-for must be 0…315360000 s"),
    ])
    func aNegativeValueGetsItsOptionsOwnMessage(arguments: [String], expected: String) {
        do {
            _ = try PumpDaemon.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            let message = PumpDaemon.message(for: error)
            #expect(!message.contains("Missing value") && message.contains(expected), "\(message)")
        }
    }
}
