import PumpProfile
import Testing

@Suite("Profile diagnostics")
struct BrokenProfileTests {
    /// A gpio profile with one mistake of each kind; every one must be reported, at its line.
    static let broken = """
        [rig]
        name = "bench"
        kind = "gpio"

        [gpio]
        chip_label = "pinctrl-bcm2711"

        [motor]
        type = "stepper"
        step_volum_pl = 250_000
        max_steps_per_second = "fast"
        step_pulse_width_ns = 2_000
        min_step_interval_ns = 1_500
        idle_unpowered = true
        step_line = { name = "GPIO17", active_low = false }
        direction_line = { name = "GPIO17", active_low = false }
        enable_line = { name = "GPIO22", active_low = true }

        [limits]
        max_rate_ml_per_hour = 20

        [fluid_path]
        dead_volume_nl = 200_000
        priming_rate_ml_per_hour = 1

        [reservoir]
        capacity_nl = 40_000_000
        empty_threshold_nl = 40_000_000
        refill_discrepancy_tolerance_nl = 1_000_000

        [battery]
        source = "power_supply"
        power_supply_dir = "/sys/class/power_supply/battery"
        eri_mv = 3300
        eos_mv = 3000
        poll_interval_s = 60
        average_of = 4

        [sensors.occlusion]
        pressure_channel = { device_dir = "/sys/bus/iio/devices/iio:device0", channel = "pressure" }
        threshold_pa = 0
        stuck_after_samples = 100
        confirm_samples = 3
        poll_interval_ms = 100
        relief_volume_nl = 500
        post_occlusion_bolus_limit_nl = 2_000

        [realtime]
        priority = 80
        lock_memory = true

        [access]
        programmers = ["group:pumpd-clinicians"]

        [checkpoint]
        every_steps = 100
        every_seconds = 60
        """

    static func line(_ fragment: String) -> Int { ProfileTestSupport.line(of: fragment, in: broken)! }

    @Test func brokenProfileReportsEveryErrorAtOnceAtItsLine() throws {
        let issues = ProfileTestSupport.issues(Self.broken, file: "hw-profiles/broken.toml")
        let summary = issues.map { "\($0.line ?? 0) \($0.keyPath) \($0.kind)" }
        #expect(summary == [
            "\(Self.line("step_volum_pl")) motor.step_volum_pl unknownKey",
            "\(Self.line("max_steps_per_second")) motor.max_steps_per_second wrongType",
            "\(Self.line("min_step_interval_ns")) motor.min_step_interval_ns invalidValue",
            "\(Self.line("direction_line")) motor.direction_line duplicateLine",
            "\(Self.line("[limits]")) limits.min_rate_ul_per_day missingKey",
            "\(Self.line("empty_threshold_nl")) reservoir.empty_threshold_nl invalidValue",
            "\(Self.line("threshold_pa")) sensors.occlusion.threshold_pa invalidValue",
        ])
    }

    @Test func misspelledKeyIsReportedWithItsLineAndASuggestion() throws {
        let issues = ProfileTestSupport.issues(Self.broken)
        let issue = try #require(issues.first { $0.kind == .unknownKey })
        #expect(issue.location == SourceLocation(line: 10, column: 1))
        #expect(issue.suggestion == "step_volume_pl")
        #expect(issue.message == "unknown key (did you mean step_volume_pl?)")
        // The key it meant is not also reported missing.
        #expect(!issues.contains { $0.keyPath == "motor.step_volume_pl" })
    }

    @Test func wrongTypeSaysWhatWasExpectedAndWhatWasFound() throws {
        let issue = try #require(ProfileTestSupport.issues(Self.broken).first { $0.kind == .wrongType })
        #expect(issue.message == "expected an integer, found string \"fast\"")
        #expect(issue.column == 24)  // the value, not the key
    }

    @Test func impossibleStepTimingNamesBothValues() throws {
        let issue = try #require(ProfileTestSupport.issues(Self.broken).first { $0.keyPath == "motor.min_step_interval_ns" })
        #expect(issue.message.contains("1500 ns is not longer than step_pulse_width_ns (2000 ns)"))
    }

    @Test func lineUsedTwiceNamesItsFirstUse() throws {
        let issue = try #require(ProfileTestSupport.issues(Self.broken).first { $0.kind == .duplicateLine })
        #expect(issue.message == "GPIO line \"GPIO17\" is already used by motor.step_line (line \(Self.line("step_line")))")
    }

    @Test func missingKeyIsReportedAtItsTableHeader() throws {
        let issue = try #require(ProfileTestSupport.issues(Self.broken).first { $0.kind == .missingKey })
        #expect(issue.location == SourceLocation(line: Self.line("[limits]"), column: 1))
        #expect(issue.message == "missing required key")
    }

    @Test func errorsPrintLikeACompiler() {
        guard case .failure(let errors) = HardwareProfile.parse(text: Self.broken, file: "hw-profiles/broken.toml") else {
            Issue.record("the broken profile was accepted")
            return
        }
        let lines = errors.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines.first == "hw-profiles/broken.toml:10:1: error: motor.step_volum_pl: unknown key (did you mean step_volume_pl?)")
        #expect(lines.last == "hw-profiles/broken.toml:\(Self.line("threshold_pa")):16: error: sensors.occlusion.threshold_pa: "
            + "0 is out of range: must be greater than zero")
    }

    @Test func syntaxErrorInAProfileIsReportedWithLineAndColumn() {
        let text = Self.broken.replacingOccurrences(of: "kind = \"gpio\"", with: "kind = gpio")
        guard case .failure(let errors) = HardwareProfile.parse(text: text, file: "x.toml") else {
            Issue.record("accepted a syntax error")
            return
        }
        #expect(errors.issues.count == 1)
        #expect(errors.issues.first?.kind == .syntax)
        #expect(errors.description.hasPrefix("x.toml:3:8: error: expected a value, found 'gpio'"))
    }

    @Test func unreadableFileIsReportedWithoutALine() {
        guard case .failure(let errors) = HardwareProfile.load(path: "/nonexistent/pumpd/profile.toml") else {
            Issue.record("loaded a file that does not exist")
            return
        }
        #expect(errors.issues.map(\.kind) == [.file])
        #expect(errors.description.hasPrefix("/nonexistent/pumpd/profile.toml: error: cannot read the profile"))
    }
}
