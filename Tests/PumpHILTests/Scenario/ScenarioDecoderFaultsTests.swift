import PumpWire
import Testing
import Varlink

@testable import PumpHIL

/// A scenario's faults are checked against the rig's fault switches at load: a misspelt or
/// mistyped fault is refused by `check`, not hours into `run` when its action comes due.
@Suite struct ScenarioDecoderFaultsTests {
    static func problems(_ faults: String) -> [String] {
        ScenarioDecoderTests.problems(ScenarioDecoderTests.header + "[[action]]\nat_s = 600\nfaults = \(faults)\n").map(\.description)
    }

    @Test func aMisspeltFaultIsRefusedWithItsPlaceAndTheFaultItMeant() {
        #expect(Self.problems("{ occlusoin = true }") == [
            "broken.toml:7:12: action[1].faults.occlusoin: no such rig fault; did you mean \"occlusion\"? the rig's faults: "
                + WireRigFault.names.joined(separator: ", "),
        ])
    }

    @Test func eachFaultsValueMustBeWhatTheSwitchTakes() {
        let problems = Self.problems("{ stall = 1, batterySag = 200_000, failingSensors = [\"presure\", \"battery\"], leakRate = 5 }")
        #expect(problems.count == 3)
        #expect(problems[0] == "broken.toml:7:20: action[1].faults.stall: expected true or false, found integer 1")
        #expect(problems[1] == "broken.toml:7:36: action[1].faults.batterySag: 200000 is outside 0…99999")
        #expect(problems[2].hasPrefix("broken.toml:7:62: action[1].faults.failingSensors: no sensor \"presure\"; did you mean \"pressure\"?"), "\(problems[2])")
    }

    @Test func faultsThatSetNothingAreRefused() {
        #expect(Self.problems("{}").last == "broken.toml:7:10: action[1].faults: sets no fault: give at least one of "
            + WireRigFault.names.joined(separator: ", "))
    }

    @Test func everyFaultTheRigTakesIsAccepted() throws {
        let text = ScenarioDecoderTests.header + """
            [[action]]
            at_s = 60
            faults = { occlusion = true, stall = false, driverFault = true, motorHang = false, failingSensors = ["pressure"], \
            stuckSensors = [], batterySag = 350, leakRate = 100_000 }
            [[expect]]
            event = "rigFaultsSet"
            """
        let scenario = try ScenarioDecoder.decode(text, file: "f.toml", profiles: ScenarioDecoderTests.anywhere)
        guard case .faults(let faults) = scenario.actions.first?.kind else { Issue.record("no faults action"); return }
        #expect(faults.keys.count == 8)
    }

    @Test func anUnknownKeyAnywhereGetsADidYouMean() {
        let problems = ScenarioDecoderTests.problems(
            ScenarioDecoderTests.header.replacingOccurrences(of: "duration_s", with: "durration_s") + """
                [[action]]
                at_s = 60
                restart = { outage_s = 60, crsh = true }
                [[expect]]
                alarm_raised = "occlusion"
                withn_s = 60
                """)
        #expect(problems.map(\.key) == ["scenario.duration_s", "scenario.durration_s", "action[1].restart.crsh", "expect[1].within_s", "expect[1].withn_s"])
        #expect(problems[1].message.hasPrefix("unknown key; did you mean \"duration_s\"? this table takes:"), "\(problems[1])")
        #expect(problems[2].message == "unknown key; did you mean \"crash\"? this table takes: outage_s, crash")
        #expect(problems[4].message.hasPrefix("unknown key; did you mean \"within_s\"?"), "\(problems[4])")
    }
}
