import Testing

@testable import PumpHIL

/// Alarm kinds, event kinds and programs are checked at load too: a misspelt alarm never matches, and a
/// program pumpd cannot read fails only when its action comes.
@Suite struct ScenarioDecoderNamesTests {
    @Test func aMisspeltAlarmKindIsRefusedWithTheKindItMeant() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [[expect]]
            alarm_raised = "occlusoin"
            within_s = 60
            [[expect]]
            alarm_absent = "Occlusoin"
            """)
        #expect(problems.map(\.key) == ["expect[1].alarm_raised", "expect[2].alarm_absent"])
        #expect(problems.allSatisfy { $0.message.hasPrefix("no alarm kind \"") && $0.message.contains("did you mean \"occlusion\"?") }, "\(problems)")
    }

    /// pumpctl's spellings (`ack Occlusion`, any case, `-` and `_` ignored) name the same kind here.
    @Test func anAlarmKindInAnyCaseOrWithUnderscoresIsReadAsPumpdSpellsIt() throws {
        let scenario = try ScenarioDecoder.decode(ScenarioDecoderTests.header + """
            [[expect]]
            alarm_raised = "Occlusion"
            within_s = 60
            [[expect]]
            alarm_absent = "RESERVOIR_EMPTY"
            [[expect]]
            event = "ProgramCommitted"
            role = "Clinician"
            """, file: "f.toml", profiles: ScenarioDecoderTests.anywhere)
        #expect(scenario.expectations.map(\.kind) == [
            .alarmRaised(alarm: "occlusion", after: 0, within: 60), .alarmAbsent(alarm: "reservoir-empty", from: 0, to: 3_600),
            .event(kind: "programCommitted", after: 0, within: 3_600, role: "clinician", contains: nil),
        ])
    }

    @Test func aMisspeltRoleIsRefusedAtLoadWithTheRoleItMeant() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [[expect]]
            event = "programCommitted"
            role = "clinican"
            """)
        #expect(problems.map(\.key) == ["expect[1].role"])
        #expect(problems.first?.message == "no role \"clinican\"; did you mean \"clinician\"? the roles: observer, operator, clinician", "\(problems)")
    }

    @Test func aSampleFieldOrPredictionTheHarnessDoesNotSampleIsRefusedAtLoad() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [[expect]]
            sample = "status.reservoir.remainingg"
            at_least = 0
            [[expect]]
            sample = "reservoir_remaining"
            at_least = 0
            [[expect]]
            prediction = "status.reservoir.emptyAtt"
            at_s = 60
            alarm = "reservoir-empty"
            tolerance_s = 60
            """)
        #expect(problems.map(\.key) == ["expect[1].sample", "expect[2].sample", "expect[3].prediction"])
        #expect(problems[0].message.hasPrefix("no sample field \"status.reservoir.remainingg\"; did you mean \"status.reservoir.remaining\"?"), "\(problems)")
        #expect(problems[1].message.contains("the sample fields: status.rate,"), "\(problems)")
        #expect(problems[2].message.contains("did you mean \"status.reservoir.emptyAt\"?"), "\(problems)")
    }

    @Test func aMisspeltBasalKindNamesItsPathTheKindsAndTheOneItMeant() {
        let problems = ScenarioDecoderTests.problems(ScenarioDecoderTests.header + """
            [prescription]
            drug = { name = "baclofen", concentration = 2000 }
            basal = { kind = "continous", rate = 500_000 }
            limits = { maximumDailyDose = 1_000_000, maximumHourlyDose = 100_000, maximumBolus = 50_000 }
            lowReservoirAlarm = 2_000_000
            [[expect]]
            event = "programCommitted"
            """)
        #expect(problems.map(\.key) == ["prescription.basal.kind"])
        let message = problems.first?.message ?? ""
        #expect(message.hasPrefix(
            "prescription.basal.kind is invalid: \"continous\" is not one of: none, continuous, flex (did you mean \"continuous\"?)"), "\(problems)")
        #expect(!message.contains("Cannot initialize"), "\(message)")
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
