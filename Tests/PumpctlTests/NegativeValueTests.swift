import PumpctlKit
import Testing
import Varlink

/// A value that begins with a minus reaches its option's own parser, never "Missing value".
@Suite struct NegativeValueTests {
    @Test func aNegativeDoseReachesTheUnitParser() {
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--dose", "-5ug", "--duration", "1min"]) == .usage)
        #expect(!terminal.errors.contains("Missing value"), "\(terminal.errors)")
        #expect(terminal.errors.contains("-5ug"), "\(terminal.errors)")
    }

    @Test func aRelativeTimeWithAMinusReachesTheTimeParser() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status()]), "GetHistory": .reply(["events": [], "hours": []])])
        let terminal = TestConsole()
        _ = terminal.run(["history", "--from", "-1h", "--socket", pumpd.path])
        #expect(!terminal.errors.contains("Missing value"), "\(terminal.errors)")
        #expect(terminal.errors.isEmpty || terminal.errors.contains("-1h"), "\(terminal.errors)")
    }

    @Test func aNegativeValueAfterAShortOptionReachesItsCheck() {
        let terminal = TestConsole()
        #expect(terminal.run(["history", "-n", "-1"]) == .usage)
        #expect(!terminal.errors.contains("Missing value"), "\(terminal.errors)")
        #expect(terminal.errors.contains("-n/--limit must be from 1 to 10000, not -1"), "\(terminal.errors)")
    }

    @Test func aMissingValueIsStillReportedAsMissing() {
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--dose", "--duration", "1min"]) == .usage)
        #expect(terminal.errors.contains("Missing value for '--dose"), "\(terminal.errors)")
    }
}
