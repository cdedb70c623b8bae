import PumpCore
import PumpHardware
import PumpProfile
import Testing

/// `[alarm_outputs]`: lines on GPIO rigs only, durations in the notation's grammar within their
/// bounds, every problem at its line.
@Suite struct AlarmOutputsProfileTests {
    static let block = """

        [alarm_outputs]
        buzzer_line = { name = "BUZZER", active_low = false }
        red_led_line = { name = "LED_RED", active_low = false }
        yellow_led_line = { name = "LED_YELLOW", active_low = false }
        buzzer_sense_line = { name = "BUZZER_SENSE", active_low = false, bias = "pull_down" }
        realert_high = "15s"
        realert_medium = "30 min"
        realert_low = "4h"
        max_silence = "90s"
        acknowledge_pause = "30min"
        """

    static func gpio(_ block: String) throws -> String {
        try ProfileTestSupport.text(of: "rpi4-a4988.toml") + block
    }

    @Test func aGPIOProfileGetsItsLinesAndTimings() throws {
        let profile = try HardwareProfile.parse(text: try Self.gpio(Self.block), file: ProfileTestSupport.inProfiles("test.toml")).get()
        let alarms = profile.alarmOutputs
        #expect(alarms.buzzer?.selector == .name("BUZZER"))
        #expect(alarms.redLamp?.selector == .name("LED_RED"))
        #expect(alarms.yellowLamp?.selector == .name("LED_YELLOW"))
        #expect(alarms.buzzerSense?.bias == .pullDown)
        #expect(alarms.timing == AnnunciationSettings(reAlertHigh: .seconds(15), reAlertMedium: .minutes(30), reAlertLow: .hours(4), maxSilence: .seconds(90), acknowledgePause: .minutes(30)))
        #expect(profile.lines.contains { $0.keyPath == "alarm_outputs.buzzer_line" })
    }

    @Test func withoutTheTableTheDefaultsHoldAndNoLineIsDriven() throws {
        let profile = try ProfileTestSupport.load("rpi4-a4988.toml")
        #expect(profile.alarmOutputs == .defaults)
        #expect(!profile.alarmOutputs.hasOutputs)
        #expect(profile.alarmOutputs.timing.maxSilence == .minutes(2))
        #expect(profile.alarmOutputs.timing.acknowledgePause == .minutes(15))
    }

    @Test func aSimulatedRigTakesTimingsButNoLines() throws {
        let text = try ProfileTestSupport.variant(
            of: "sim.toml", replacing: "max_silence = \"2min\"", with: "buzzer_line = { name = \"BUZZER\", active_low = false }\nmax_silence = \"1min\"")
        let issues = ProfileTestSupport.issues(text)
        #expect(issues.map(\.keyPath) == ["alarm_outputs.buzzer_line"])
        #expect(issues.first?.message.contains("simulated buzzer") == true)
        let timingOnly = try ProfileTestSupport.variant(of: "sim.toml", replacing: "max_silence = \"2min\"", with: "max_silence = \"1min\"")
        #expect(try HardwareProfile.parse(text: timingOnly, file: ProfileTestSupport.inProfiles("test.toml")).get().alarmOutputs.timing.maxSilence == .minutes(1))
    }

    @Test func outOfRangeOrMalformedDurationsAreRefusedAtTheirLine() throws {
        let text = try Self.gpio("\n[alarm_outputs]\nrealert_high = \"1min\"\nmax_silence = \"10 parsecs\"\nrealert_medium = \"5s\"\n")
        let issues = ProfileTestSupport.issues(text)
        #expect(Set(issues.map(\.keyPath)) == ["alarm_outputs.realert_high", "alarm_outputs.max_silence", "alarm_outputs.realert_medium"])
        let high = try #require(issues.first { $0.keyPath == "alarm_outputs.realert_high" })
        #expect(high.location?.line == ProfileTestSupport.line(of: "realert_high = \"1min\"", in: text))
        #expect(high.message.contains("4.0 s to 15 s"))
    }

    @Test func aSenseLineWithoutABuzzerAndAMisspeltKeyAreRefused() throws {
        let text = try Self.gpio("\n[alarm_outputs]\nbuzzer_sense_line = { name = \"BUZZER_SENSE\", active_low = false }\nmax_silense = \"1min\"\n")
        let issues = ProfileTestSupport.issues(text)
        #expect(issues.contains { $0.keyPath == "alarm_outputs.buzzer_sense_line" && $0.message.contains("needs a buzzer_line") })
        #expect(issues.contains { $0.keyPath == "alarm_outputs.max_silense" && $0.suggestion == "max_silence" })
    }

    @Test func anAcknowledgePauseOutsideOneMinuteToAnHourIsRefusedAtItsLine() throws {
        for value in ["30s", "2h"] {
            let text = try Self.gpio("\n[alarm_outputs]\nacknowledge_pause = \"\(value)\"\n")
            let issues = ProfileTestSupport.issues(text)
            #expect(issues.map(\.keyPath) == ["alarm_outputs.acknowledge_pause"], "\(value)")
            #expect(issues.first?.location?.line == ProfileTestSupport.line(of: "acknowledge_pause = \"\(value)\"", in: text))
            #expect(issues.first?.message.contains("out of range") == true, "\(issues.first?.message ?? "")")
        }
        let edge = try Self.gpio("\n[alarm_outputs]\nacknowledge_pause = \"1h\"\n")
        #expect(try HardwareProfile.parse(text: edge, file: ProfileTestSupport.inProfiles("test.toml")).get().alarmOutputs.timing.acknowledgePause == .hours(1))
    }
}
