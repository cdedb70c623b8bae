import Testing

@testable import PumpHIL

/// Alarm kinds, event kinds and programs are checked at load too: a misspelt alarm never matches, and a
/// program pumpd cannot read fails only when its action comes.
@Suite struct ScenarioDecoderNamesTests {
    @Test func aMisspeltOrMiscasedAlarmKindIsRefusedWithTheKindItMeant() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [[expect]]
            alarm_raised = "occlusoin"
            within_s = 60
            [[expect]]
            alarm_absent = "Occlusion"
            """)
        #expect(problems.map(\.key) == ["expect[1].alarm_raised", "expect[2].alarm_absent"])
        #expect(problems.allSatisfy { $0.message.hasPrefix("no alarm kind \"") && $0.message.contains("did you mean \"occlusion\"?") }, "\(problems)")
    }

    @Test func aMisspeltEventKindIsRefusedAtLoadWithTheKindItMeant() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [[expect]]
            event = "bolusStartd"
            [[expect]]
            event_absent = "deliveryStopped"
            """)
        #expect(problems.map(\.key) == ["expect[1].event"])
        #expect(problems.first?.message.contains("did you mean \"bolusStarted\"?") == true, "\(problems)")
    }

    @Test func aProgramWithAKeyPumpdDoesNotKnowIsRefusedAtLoad() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [prescriptions.night]
            drug = { name = "baclofen", concentration = 2000 }
            basal = { kind = "continuous", rate = 500_000 }
            limits = { maximumDailyDose = 1_000_000, maximumHourlyDose = 100_000, maximumBolus = 50_000 }
            lowReservoirAlarm = 2_000_000
            lowReservoirAlarmm = 1
            [[action]]
            at_s = 3_000
            program = "night"
            [[expect]]
            event = "programCommitted"
            """)
        #expect(problems.map(\.description) == [
            "broken.toml:5:1: prescriptions.night.lowReservoirAlarmm: prescriptions.night.lowReservoirAlarmm is not a known field "
                + "(io.pumpd.Pump's Prescription, as pumpd reads it)",
        ])
    }

    @Test func aProgramCommittedToBeRefusedMayBeMalformedOnPurpose() throws {
        let text = ScenarioDecoderTests.header + """
            [prescriptions.broken]
            basal = { kind = "continuous", rate = 500_000 }
            [[action]]
            at_s = 60
            program = "broken"
            expect_error = "io.pumpd.Pump.InvalidValue"
            [[expect]]
            event = "programCommitted"
            """
        #expect(throws: Never.self) { try ScenarioDecoder.decode(text, file: "f.toml", profiles: ScenarioDecoderTests.anywhere) }
    }
}
