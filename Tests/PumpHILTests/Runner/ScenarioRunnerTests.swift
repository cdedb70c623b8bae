import Foundation
import Testing
import Varlink

@testable import PumpHIL

/// Scenarios run against the real pumpd, started by the harness on the virtual clock.
@Suite(.serialized) struct ScenarioRunnerTests {
    static let program = """
        [prescription]
        drug = { name = "baclofen", concentration = 2000 }
        basal = { kind = "continuous", rate = 48_000_000 }    # 1 mL/h: 4000 steps an hour, one every 0.9 s
        limits = { maximumDailyDose = 50_000_000, maximumHourlyDose = 2_100_000, maximumBolus = 50_000 }
        lowReservoirAlarm = 2_000_000

        """

    static func header(_ name: String, duration: Int64, profile: String = TestPaths.simulatedRig) -> String {
        """
        [scenario]
        name = "\(name)"
        hazard = "a test of the harness"
        profile = "\(profile)"
        duration_s = \(duration)
        sample_every_s = 60

        """
    }

    /// A motor stall at 1 mL/h, then the wall clock stepped back 10 min: the events before the
    /// step (the program's commit at t=0) share their wall times with events after it.
    static let stall = header("short-motor-stall", duration: 900) + program + """
        [[action]]
        at_s = 300
        faults = { stall = true }

        [[action]]
        at_s = 600
        step_wall_clock_s = -600

        [[expect]]
        alarm_raised = "motor-stall"
        after_s = 300
        within_s = 5

        [[expect]]
        motor_stopped = true
        after_s = 300
        within_s = 120

        [[expect]]
        no_delivery_after_alarm = "motor-stall"

        [[expect]]
        event = "programCommitted"
        within_s = 1

        [[expect]]
        event = "wallClockJumped"
        after_s = 600
        within_s = 60
        contains = "-600"

        [[expect]]
        name = "the motor ran before the stall"
        sample = "truth.motorSteps"
        from_s = 60
        to_s = 300
        at_least = 1
        """

    static func run(_ text: String, file: String) throws -> ScenarioResult {
        let scenario = try ScenarioDecoder.decode(text, file: file)
        return ScenarioRunner(target: .launch(pumpd: TestPaths.pumpd)).run(scenario)
    }

    @Test func aShortScenarioPassesAndItsRecordIsTheSameOnEveryRun() throws {
        let first = try Self.run(Self.stall, file: "stall.toml")
        #expect(first.passed, "\(first.problems)")
        #expect(first.failure == nil)
        #expect(first.simulatedSeconds == 900)
        // Its six, and the invariant every scenario checks (no step while ENABLE is inactive).
        #expect(first.expectations.count == 7)
        #expect(first.expectations.last?.name.hasPrefix("no STEP pulse while ENABLE was inactive") == true)
        #expect(first.pumpdLog.isEmpty)
        #expect(first.run.actions.map(\.passed) == [true, true, true])
        #expect(first.run.events.contains { $0.kind == "alarmRaised" && ($0.t ?? 0) >= 300 })
        let second = try Self.run(Self.stall, file: "stall.toml")
        let one = String(decoding: JSONRecord.scenario(first).serialized(), as: UTF8.self)
        let two = String(decoding: JSONRecord.scenario(second).serialized(), as: UTF8.self)
        #expect(one == two, "the records differ from byte \(zip(one.utf8, two.utf8).prefix { $0 == $1 }.count)")
    }

    @Test func aScenarioBuiltToFailListsExactlyItsProblemsWithPumpdsLogTail() throws {
        let text = Self.header("built-to-fail", duration: 600) + Self.program + """
            [[action]]
            at_s = 60
            faults = { stall = true }

            [[action]]
            at_s = 120
            call = "io.pumpd.Pump.GetStatus"
            expect_error = "io.pumpd.Pump.BlockedByAlarms"

            [[expect]]
            name = "an impossible deadline: the stall comes a minute later"
            alarm_raised = "motor-stall"
            after_s = 0
            within_s = 30

            [[expect]]
            alarm_absent = "occlusion"
            """
        let result = try Self.run(text, file: "fail.toml")
        #expect(!result.passed)
        #expect(result.failure == nil)
        #expect(result.expectations.map(\.passed) == [false, true, true])  // the last: the ENABLE invariant
        let problems = result.problems
        try #require(problems.count == 2, "\(problems)")
        #expect(problems[0].hasPrefix("action t=120 s io.pumpd.Pump.GetStatus {} → refused with io.pumpd.Pump.BlockedByAlarms: succeeded, but io.pumpd.Pump.BlockedByAlarms was expected: {\"status\":"))
        #expect(problems[1].hasPrefix("an impossible deadline: the stall comes a minute later (fail.toml:21): raised "))
        #expect(problems[1].hasSuffix(" s after t=0 s: later than 30 s"))
        // pumpd's own lines come with a failure (where there is no journald to take them).
        if !FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") {
            #expect(!result.pumpdLog.isEmpty)
        }
        #expect(!result.pumpdLog.contains("advancing simulated time by"))
    }

    @Test func aScenarioThatRestartsPumpdFailsClearlyInAttachMode() throws {
        let process = try PumpdProcess(executable: TestPaths.pumpd, profile: TestPaths.simulatedRig)
        defer { process.remove() }
        try process.start(virtualStart: "2026-01-05T08:00:00Z")
        let text = Self.header("restarts", duration: 600) + Self.program + """
            [[action]]
            at_s = 60
            restart = { outage_s = 60 }

            [[expect]]
            event = "restored"
            """
        let scenario = try ScenarioDecoder.decode(text, file: "restart.toml")
        let result = ScenarioRunner(target: .attach(socket: process.socket)).run(scenario)
        #expect(!result.passed)
        #expect(result.failure == "this scenario restarts pumpd: run it without --socket so pump-hil owns the process")
        #expect(result.expectations.isEmpty)
        #expect(result.run.actions.isEmpty)
        // The pumpd it was pointed at is left as it was: running, never programmed.
        #expect(process.isRunning)
        let connection = try VarlinkConnection(path: process.socket)
        defer { connection.close() }
        #expect(try connection.call("io.pumpd.Pump.GetStatus")["status"]?["programmed"] == false)
    }

    @Test func aPumpdThatCannotStartIsAHarnessFailureNamingPumpdsError() throws {
        // A profile that is there (pump-hil checks that before it runs) but that pumpd refuses.
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("pump-hil-bad-rig-\(UUID().uuidString).toml").path
        try "[rig]\nname = \"half a rig\"\n".write(toFile: profile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let result = try Self.run(Self.header("bad-profile", duration: 60, profile: profile), file: "bad.toml")
        #expect(!result.passed)
        let failure = try #require(result.failure)
        #expect(failure.hasPrefix("pumpd exited with "), "\(failure)")
        #expect(failure.contains("\(profile):1:1: error: rig.kind: missing required key"), "\(failure)")
        #expect(result.pumpdLog.contains("missing required table [motor]"))
        #expect(result.problems == ["harness: \(failure)"])
        #expect(result.expectations.isEmpty)
    }
}
