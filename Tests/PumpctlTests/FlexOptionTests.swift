import Foundation
import PumpctlKit
import Testing
import Varlink

/// `pumpctl program --flex … --flex-on DAY=…` sends the flex schedule in wire units, and a bad
/// token is a usage error naming the option and the token before pumpd is asked.
@Suite struct FlexOptionTests {
    static let limits = [
        "--drug", "baclofen", "--concentration", "2000ug/ml", "--max-daily-dose", "700ug", "--max-hourly-dose", "60ug",
        "--max-bolus", "50ug", "--low-reservoir", "2ml",
    ]

    @Test func flexAndPerWeekdaySchedulesBecomeTheWireFlexBasal() throws {
        let pumpd = try ProgramCommandTests.pumpd()
        let terminal = TestConsole()
        let arguments = ["program", "--yes"] + Self.limits + [
            "--flex", "00:00=400ug/day,08:00=600ug/day", "--flex-on", "saturday=00:00=300ug/day,12:00=500ug/day",
            "--flex-on", "Sunday=00:00=450ug/day", "--socket", pumpd.path,
        ]
        #expect(terminal.run(arguments) == .success, "\(terminal.errors)")
        let sent = try #require(pumpd.calls.first { $0.methodName == "ValidatePrescription" }?.parameters["prescription"])
        #expect(sent["basal"] == [
            "kind": "flex",
            "flex": [
                "everyDay": ["steps": [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": 600_000]]],
                "byWeekday": [
                    "saturday": ["steps": [["start": "00:00", "rate": 300_000], ["start": "12:00", "rate": 500_000]]],
                    "sunday": ["steps": [["start": "00:00", "rate": 450_000]]],
                ],
            ],
        ])
    }

    @Test(arguments: [
        (["--flex", "00:00=400ug/day,08:00=600ug/dy"], "--flex \"00:00=400ug/day,08:00=600ug/dy\": step 2 \"08:00=600ug/dy\": \"ug/dy\" is not a dose rate unit"),
        (["--flex", "00:00=400ug/day", "--flex-on", "satday=00:00=1ug/day"], "--flex-on \"satday=00:00=1ug/day\": \"satday\" is not a weekday: did you mean \"saturday\""),
        (["--flex", "00:00=400ug/day", "--flex-on", "monday=00:00=1ug/day", "--flex-on", "monday=00:00=2ug/day"], "--flex-on gives monday twice"),
        (["--flex-on", "monday=00:00=1ug/day"], "--flex-on replaces the schedule of some days: give --flex"),
        (["--flex", "00:00=400ug/day", "--daily-dose", "500ug"], "--daily-dose is a continuous basal and --flex a schedule: give one of them"),
    ])
    func aBadScheduleIsAUsageErrorNamingTheToken(extra: [String], message: String) {
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--yes"] + Self.limits + extra + ["--socket", "/tmp/unused.sock"]) == .usage)
        #expect(terminal.errors.contains(message), "\(terminal.errors)")
    }

    @Test func helpDocumentsTheScheduleSyntax() {
        let terminal = TestConsole()
        _ = terminal.run(["program", "--help"])
        #expect(terminal.output.contains("--flex-on <day=schedule>"), "\(terminal.output)")
        #expect(terminal.output.contains("saturday=00:00=300ug/day,12:00=500ug/day"))
        #expect(terminal.output.contains("--from-active"))
    }
}
