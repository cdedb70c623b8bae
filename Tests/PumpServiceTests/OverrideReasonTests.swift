import Testing
import Varlink

@testable import PumpService

/// The override reason a commit carries goes into the audit as one line: control characters and
/// overlong text are refused as InvalidValue on `overrideReason`, before any token is spent.
@Suite struct OverrideReasonTests {
    func refusal(_ reason: String) -> VarlinkError? {
        do {
            _ = try PumpInterface.acceptance(VarlinkParameters(["acceptWarnings": ["soft-limit-daily-dose"], "overrideReason": .string(reason)]))
            return nil
        } catch { return error }
    }

    @Test func aReasonWithANewlineCannotForgeALogLine() {
        let refused = refusal("titration\npumpd: 2026-12-04T20:00:00+00:00: alarm cleared: everything")
        #expect(refused?.name == "io.pumpd.Pump.InvalidValue")
        #expect(refused?.parameterObject["field"] == "overrideReason")
    }

    @Test(arguments: ["a\u{1B}[2J", "tab\there", "cr\r", "nul\u{0}"])
    func everyControlCharacterIsRefused(reason: String) {
        #expect(refusal(reason)?.parameterObject["field"] == "overrideReason")
    }

    @Test func aLongReasonIsRefusedAndOneAtTheLimitAccepted() {
        #expect(refusal(String(repeating: "x", count: PumpInterface.overrideReasonMaximumLength + 1))?.parameterObject["field"] == "overrideReason")
        #expect(refusal(String(repeating: "x", count: PumpInterface.overrideReasonMaximumLength)) == nil)
        #expect(refusal("titration ordered by Dr Émile Ñúñez, 10 % step") == nil)
    }
}
