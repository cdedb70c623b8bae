import Foundation
import Testing
import Varlink

@testable import PumpHIL

@Suite struct ScenarioDecoderTests {
    /// Finds any profile: these tests are about the file's keys, not where it lies
    /// (ProfileLocatorTests are about that).
    static let anywhere = ProfileLocator(isFile: { _ in true })

    /// Every problem of `text`, which must not decode.
    static func problems(_ text: String, file: String = "broken.toml") -> [ScenarioError.Problem] {
        do {
            let scenario = try ScenarioDecoder.decode(text, file: file, profiles: anywhere)
            Issue.record("decoded, but should have been refused: \(scenario)")
            return []
        } catch {
            return error.problems
        }
    }

    /// `file:line:column: key: message` of each problem, for comparing whole lists.
    static func lines(_ text: String) -> [String] { problems(text).map(\.description) }

    static let header = """
        [scenario]
        name = "n"
        hazard = "h"
        duration_s = 3_600

        """

    // MARK: A valid file

    static let full = """
        [scenario]
        name = "every-key"
        hazard = "all of them"
        summary = "a file with every kind of action and expectation"
        profile = "hw-profiles/sim-soak.toml"
        start = "2026-03-01T00:00:00Z"
        duration_s = 7_200
        sample_every_s = 30
        resolution_s = 2

        [prescription]
        drug = { name = "baclofen", concentration = 2000 }
        basal = { kind = "continuous", rate = 500_000 }
        limits = { maximumDailyDose = 1_000_000, maximumHourlyDose = 100_000, maximumBolus = 50_000 }
        lowReservoirAlarm = 2_000_000

        [prescriptions.faster]
        drug = { name = "baclofen", concentration = 2000 }
        basal = { kind = "continuous", rate = 1_000_000 }
        limits = { maximumDailyDose = 2_000_000, maximumHourlyDose = 200_000, maximumBolus = 50_000 }
        lowReservoirAlarm = 2_000_000

        [[action]]
        at_s = 3_000
        program = "faster"

        [[action]]
        at_s = 600
        faults = { occlusion = true, failingSensors = ["pressure"] }

        [[action]]
        at_s = 1_200
        call = "io.pumpd.Pump.Bolus"
        parameters = { kind = "single", dose = 20_000 }
        expect_error = "io.pumpd.Pump.BlockedByAlarms"

        [[action]]
        at_s = 1_800
        restart = { outage_s = 300, crash = false }

        [[action]]
        at_s = 2_400
        step_wall_clock_s = -3_600

        [[action]]
        at_s = 2_500
        call = "io.pumpd.Pump.GetStatus"

        [[expect]]
        name = "occlusion within a minute"
        alarm_raised = "occlusion"
        after_s = 600
        within_s = 60

        [[expect]]
        alarm_absent = "reservoir-empty"

        [[expect]]
        motor_stopped = true
        after_s = 600
        within_s = 90

        [[expect]]
        no_delivery_after_alarm = "occlusion"
        until_s = 1_800

        [[expect]]
        delivered = "tip"
        from_s = 0
        to_s = 600
        expected_nl = 1_736
        tolerance_nl = 250

        [[expect]]
        no_catch_up = true
        after_s = 2_100
        window_s = 3_600
        rate_nl_per_day = 250_000
        resumes = false

        [[expect]]
        event = "bolusStarted"
        after_s = 1_200
        within_s = 1
        role = "clinician"
        contains = "20000"

        [[expect]]
        event_absent = "bolusCompleted"
        from_s = 1_200

        [[expect]]
        sample = "status.missedTotal"
        from_s = 2_100
        to_s = 2_100
        at_least = 800

        [[expect]]
        prediction = "status.reservoir.emptyAt"
        at_s = 60
        alarm = "reservoir-empty"
        tolerance_s = 3_600
        """

    @Test func aFullFileDecodesToItsHeaderActionsSortedByTimeAndExpectationsInOrder() throws {
        let scenario = try ScenarioDecoder.decode(Self.full, file: "full.toml", profiles: Self.anywhere)
        #expect(scenario.file == "full.toml")
        #expect(scenario.name == "every-key")
        #expect(scenario.hazard == "all of them")
        #expect(scenario.summary == "a file with every kind of action and expectation")
        // Against the scenario file's directory (here the working directory, as its name has none).
        #expect(scenario.profile == FileManager.default.currentDirectoryPath + "/hw-profiles/sim-soak.toml")
        #expect(scenario.start == "2026-03-01T00:00:00Z")
        #expect(scenario.durationSeconds == 7_200)
        #expect(scenario.sampleEverySeconds == 30)
        #expect(scenario.resolutionSeconds == 2)
        let main: JSONValue = [
            "drug": ["name": "baclofen", "concentration": 2000], "basal": ["kind": "continuous", "rate": 500_000],
            "limits": ["maximumDailyDose": 1_000_000, "maximumHourlyDose": 100_000, "maximumBolus": 50_000], "lowReservoirAlarm": 2_000_000,
        ]
        #expect(scenario.prescription == main)
        #expect(scenario.prescriptions["prescription"] == main)
        #expect(scenario.prescriptions["faster"]?["basal"] == ["kind": "continuous", "rate": 1_000_000])
        #expect(scenario.prescriptions.count == 2)

        #expect(scenario.actions.map(\.atSeconds) == [600, 1_200, 1_800, 2_400, 2_500, 3_000])
        #expect(scenario.actions.map(\.kind) == [
            .faults(["occlusion": true, "failingSensors": ["pressure"]]),
            .call(method: "io.pumpd.Pump.Bolus", parameters: ["kind": "single", "dose": 20_000]),
            .restart(outageSeconds: 300, crash: false),
            .stepWallClock(seconds: -3_600),
            .call(method: "io.pumpd.Pump.GetStatus", parameters: [:]),
            .program(name: "faster"),
        ])
        #expect(scenario.actions.map(\.expectError) == [nil, "io.pumpd.Pump.BlockedByAlarms", nil, nil, nil, nil])
        // Each action keeps where it was written, whatever its place in time.
        #expect(scenario.actions.map(\.origin) == ["full.toml:27", "full.toml:31", "full.toml:37", "full.toml:41", "full.toml:45", "full.toml:23"])
        #expect(scenario.restartsDaemon)

        #expect(scenario.expectations.map(\.kind) == [
            .alarmRaised(alarm: "occlusion", after: 600, within: 60),
            .alarmAbsent(alarm: "reservoir-empty", from: 0, to: 7_200),
            .motorStopped(after: 600, within: 90, until: 7_200),
            .noDeliveryAfterAlarm(alarm: "occlusion", until: 1_800),
            .delivered(from: 0, to: 600, measure: .tip, expected: 1_736, tolerance: 250),
            .noCatchUp(after: 2_100, window: 3_600, rateNanolitresPerDay: 250_000, toleranceSteps: 1, resumes: false),
            .event(kind: "bolusStarted", after: 1_200, within: 1, role: "clinician", contains: "20000"),
            .eventAbsent(kind: "bolusCompleted", from: 1_200, to: 7_200),
            .sampleBounds(field: "status.missedTotal", from: 2_100, to: 2_100, atLeast: 800, atMost: nil),
            .prediction(field: "status.reservoir.emptyAt", at: 60, alarm: "reservoir-empty", tolerance: 3_600),
        ])
        #expect(scenario.expectations[0].name == "occlusion within a minute")
        #expect(scenario.expectations[1].name == "no reservoir-empty alarm in t=0…7200 s")
        #expect(scenario.expectations[0].origin == "full.toml:49")
    }

    @Test func defaultsFillTheOptionalKeys() throws {
        let scenario = try ScenarioDecoder.decode(Self.header + "[[expect]]\nevent = \"programCommitted\"\n", file: "/rigs/a/f.toml", profiles: Self.anywhere)
        #expect(scenario.profile == "/rigs/a/hw-profiles/sim.toml")
        #expect(scenario.start == "2026-01-05T08:00:00Z")
        #expect(scenario.sampleEverySeconds == 60)
        #expect(scenario.resolutionSeconds == 1)
        #expect(scenario.prescription == nil)
        #expect(scenario.actions.isEmpty)
        #expect(scenario.expectations.map(\.kind) == [.event(kind: "programCommitted", after: 0, within: 3_600, role: nil, contains: nil)])
        #expect(!scenario.restartsDaemon)
    }

    // MARK: Problems

    @Test func aMissingScenarioTableIsReportedTogetherWithTheFilesOtherProblems() {
        let problems = Self.lines(
            """
            [senario]
            name = "typo"

            [[action]]
            at_s = 60
            """)
        #expect(problems == [
            "broken.toml:1:1: scenario: missing the [scenario] table",
            "broken.toml:4:1: action[1]: says nothing to do: give one of faults, call, program, refill, restart, step_wall_clock_s",
            "broken.toml:1:2: senario: unknown key; did you mean \"scenario\"? this table takes: scenario, prescription, prescriptions, action, expect",
        ])
    }

    @Test func aMissingDurationIsReportedOnceNotAgainForEveryTime() {
        let problems = Self.lines(
            """
            [scenario]
            name = "n"
            hazard = "h"

            [[action]]
            at_s = 600
            faults = { occlusion = true }

            [[expect]]
            alarm_raised = "occlusion"
            after_s = 600
            within_s = 60
            """)
        #expect(problems == ["broken.toml:1:1: scenario.duration_s: missing required key"])
    }

    @Test func unknownKeysAreReportedWithTheKeysTheirTableTakes() {
        let problems = Self.problems(
            """
            [scenario]
            name = "n"
            hazard = "h"
            duration_s = 3_600
            colour = "red"

            [[action]]
            at_s = 60
            faults = { stall = true }
            parameters = { dose = 1 }

            [[action]]
            at_s = 120
            restart = { outage_s = 60, signal = "KILL" }
            """)
        #expect(problems.map(\.key) == ["scenario.colour", "action[1].parameters", "action[2].restart.signal"])
        #expect(problems.map(\.line) == [5, 10, 14])
        #expect(problems[0].message == "unknown key; this table takes: name, hazard, summary, profile, start, duration_s, sample_every_s, resolution_s")
        // A call's parameters are not a fault's.
        #expect(problems[1].message == "unknown key; this table takes: at_s, expect_error, faults")
        #expect(problems[2].message == "unknown key; this table takes: outage_s, crash")
    }

    @Test func aVolumeBoundDefaultsToTheEndAndNamesItsMeasure() throws {
        let scenario = try ScenarioDecoder.decode(
            Self.header + """
                [[expect]]
                delivered_at_most = "pumped"
                from_s = 600
                at_most_nl = 2_000
                """, file: "f.toml", profiles: Self.anywhere)
        #expect(scenario.expectations.map(\.kind) == [.deliveredAtMost(from: 600, to: 3_600, measure: .pumped, atMost: 2_000)])
        #expect(scenario.expectations.first?.name == "pumped volume in t=600…3600 s is at most 2000 nL")
    }

    @Test func aVolumeBoundWithoutItsBoundOrWithAnUnknownMeasureIsRefused() {
        let problems = Self.lines(
            Self.header + """
                [[expect]]
                delivered_at_most = "patient"
                from_s = 600
                """)
        #expect(problems == [
            "broken.toml:6:21: expect[1].delivered_at_most: expected \"pumped\" or \"tip\", found patient",
            "broken.toml:5:1: expect[1].at_most_nl: missing required key",
        ])
    }

    @Test func anExpectationKeyOfAnotherKindIsUnknownWithTheKeysOfItsOwnKind() {
        let problems = Self.lines(
            Self.header + """
                [[expect]]
                alarm_raised = "occlusion"
                within_s = 60
                window_s = 300
                """)
        #expect(problems == ["broken.toml:8:1: expect[1].window_s: unknown key; this table takes: name, alarm_raised, after_s, within_s"])
    }

    @Test func everyWrongTypeIsReportedAtItsValueEvenAfterAnotherWrongKeyOfTheSameTable() {
        let problems = Self.lines(
            """
            [scenario]
            name = 5
            hazard = "h"
            duration_s = "an hour"
            sample_every_s = true

            [[action]]
            at_s = 60
            restart = 5

            [[expect]]
            alarm_raised = 5
            within_s = "ten"
            """)
        #expect(problems == [
            "broken.toml:2:8: scenario.name: expected a non-empty string, found integer 5",
            "broken.toml:4:14: scenario.duration_s: expected a whole number, found string \"an hour\"",
            "broken.toml:5:18: scenario.sample_every_s: expected a whole number, found boolean true",
            "broken.toml:9:11: action[1].restart: expected a table, found integer 5",
            "broken.toml:12:16: expect[1].alarm_raised: expected a non-empty string, found integer 5",
            "broken.toml:13:12: expect[1].within_s: expected a whole number, found string \"ten\"",
        ])
    }

    @Test func aValueOfTheRightTypeButTheWrongFormIsReportedAtItsValue() {
        let problems = Self.lines(
            """
            [scenario]
            name = "n"
            hazard = "h"
            start = "yesterday"
            duration_s = 3_600

            [[action]]
            at_s = 60
            call = "Bolus"

            [[expect]]
            delivered = "dripped"
            from_s = 0
            to_s = 60
            expected_nl = 0
            tolerance_nl = 0
            """)
        #expect(problems == [
            "broken.toml:4:9: scenario.start: expected an RFC 3339 time such as 2026-01-05T08:00:00Z, found yesterday",
            "broken.toml:9:8: action[1].call: expected a full method name such as io.pumpd.Pump.Bolus, found Bolus",
            "broken.toml:12:13: expect[1].delivered: expected \"pumped\" or \"tip\", found dripped",
        ])
    }

    @Test func floatsAreRefusedInPrescriptionsAndParametersWithTheirKeyPath() {
        let problems = Self.lines(
            Self.header + """
                [prescription]
                drug = { name = "baclofen", concentration = 2000.5 }

                [prescriptions.night]
                basal = { kind = "continuous", rate = 480.5 }

                [[action]]
                at_s = 60
                call = "io.pumpd.Pump.Bolus"
                parameters = { doses = [1, 2.5] }
                """)
        let floats = "floats are not accepted: the API takes whole numbers in the units its fields name (nL, ng, s)"
        #expect(problems == [
            "broken.toml:6:45: prescription.drug.concentration: \(floats)",
            "broken.toml:9:39: prescriptions.night.basal.rate: \(floats)",
            "broken.toml:14:28: action[1].parameters.doses[1]: \(floats)",
        ])
    }

    @Test func anActionWithTwoKindsOrNoneIsReportedOnceAtItsTable() {
        let problems = Self.lines(
            Self.header + """
                [[action]]
                at_s = 60
                faults = { stall = true }
                call = "io.pumpd.Pump.Bolus"

                [[action]]
                at_s = 120
                """)
        #expect(problems == [
            "broken.toml:5:1: action[1]: gives faults and call: give exactly one",
            "broken.toml:10:1: action[2]: says nothing to do: give one of faults, call, program, refill, restart, step_wall_clock_s",
        ])
    }

    @Test func anExpectationWithTwoKindsIsReportedOnceNotItsKeysAsUnknown() {
        let problems = Self.lines(
            Self.header + """
                [[expect]]
                alarm_raised = "occlusion"
                event = "alarmRaised"
                within_s = 60
                """)
        #expect(problems == ["broken.toml:5:1: expect[1]: gives alarm_raised and event: give exactly one"])
    }

    @Test func aProgramNamingAnUndefinedPrescriptionIsReportedAtTheName() {
        let problems = Self.lines(
            Self.header + """
                [[action]]
                at_s = 60
                program = "night"

                [[action]]
                at_s = 120
                program = "prescription"
                """)
        let hint = "define [prescriptions.night] (or [prescription] for \"prescription\")"
        #expect(problems == [
            "broken.toml:7:11: action[1].program: no program named night: \(hint)",
            "broken.toml:11:11: action[2].program: no program named prescription: define [prescriptions.prescription] (or [prescription] for \"prescription\")",
        ])
    }

    @Test func timesOutsideTheScenarioAreRefusedForActionsAndExpectations() {
        let problems = Self.lines(
            Self.header + """
                [[action]]
                at_s = 4_000
                faults = { stall = true }

                [[action]]
                at_s = -1
                faults = { stall = true }

                [[expect]]
                event = "restored"
                after_s = 36_000

                [[expect]]
                alarm_absent = "occlusion"
                to_s = 72_000
                """)
        #expect(problems == [
            "broken.toml:6:8: action[1].at_s: 4000 is outside 0…3600",
            "broken.toml:10:8: action[2].at_s: -1 is outside 0…3600",
            "broken.toml:15:11: expect[1].after_s: 36000 is outside 0…3600",
            "broken.toml:19:8: expect[2].to_s: 72000 is outside 0…3600",
        ])
    }

    @Test func aWindowThatEndsBeforeItStartsIsRefused() {
        let problems = Self.lines(
            Self.header + """
                [[expect]]
                alarm_absent = "occlusion"
                from_s = 3_000
                to_s = 1_000

                [[expect]]
                motor_stopped = true
                after_s = 3_000
                within_s = 60
                until_s = 600
                """)
        #expect(problems == [
            "broken.toml:8:8: expect[1].to_s: to_s (1000) is before from_s (3000): the window is empty",
            "broken.toml:14:11: expect[2].until_s: until_s (600) is before after_s (3000): the window is empty",
        ])
    }

    @Test func aTOMLSyntaxErrorIsReportedAloneWithItsLineAndColumn() {
        let problems = Self.problems(
            """
            [scenario]
            name = "unterminated
            hazard = "h"
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.file == "broken.toml")
        #expect(problems.first?.line == 2)
        #expect(problems.first?.column == 21)
        #expect(problems.first?.key == "")
        #expect(problems.first?.message.contains("expected '\"' to close the string that starts at 2:8") == true)
    }

    @Test func everyProblemOfAFileIsReportedAtOnceInOneError() {
        let text = Self.header + """
            colour = "red"

            [[action]]
            at_s = 9_999
            program = "night"

            [[expect]]
            delivered = "dripped"
            from_s = 0
            to_s = 60
            expected_nl = 1.5
            tolerance_nl = 0
            """
        let problems = Self.problems(text)
        #expect(problems.map(\.key) == [
            "scenario.colour", "action[1].at_s", "action[1].program", "expect[1].delivered", "expect[1].expected_nl",
        ])
        let error = ScenarioError(problems: problems)
        #expect(error.description.split(separator: "\n").count == 5)
    }

    @Test func badInputGivesNoScenarioOnlyTheError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pump-hil-\(UUID().uuidString).toml").path
        let full = Self.full.replacingOccurrences(of: "\"hw-profiles/", with: "\"\(TestPaths.repository)/hw-profiles/")
        try (full + "\n[[expect]]\nsample = \"truth.pressure\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // One problem among a file's worth of valid content: no scenario comes back, however much was read.
        var scenario: Scenario?
        #expect(throws: ScenarioError.self) { scenario = try ScenarioDecoder.load(path: path) }
        #expect(scenario == nil)
        do { _ = try ScenarioDecoder.load(path: path) } catch {
            #expect(error.problems.map(\.description) == ["\(path):103:1: expect[11]: give at_least, at_most or both"])
        }
    }

    @Test func anUnreadableFileIsAProblemOfTheFile() {
        do {
            _ = try ScenarioDecoder.load(path: "/nonexistent/scenario.toml")
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect(error.problems.map(\.description) == ["/nonexistent/scenario.toml:1:1: cannot read the file"])
        }
    }
}
