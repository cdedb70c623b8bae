import PumpCore
import PumpProfile
import Testing

/// Each test changes one thing in a shipped profile and checks the one issue it must cause.
@Suite("Profile validation")
struct ProfileValidationTests {
    /// The issues of `profile` with `original` replaced by `replacement`.
    func issues(_ profile: String, replacing original: String, with replacement: String) throws -> [ProfileIssue] {
        ProfileTestSupport.issues(try ProfileTestSupport.variant(of: profile, replacing: original, with: replacement))
    }

    /// The single issue the change causes.
    func issue(_ profile: String, replacing original: String, with replacement: String) throws -> ProfileIssue {
        let issues = try issues(profile, replacing: original, with: replacement)
        #expect(issues.count == 1, "\(issues)")
        return try #require(issues.first)
    }

    @Test func maximumRateAboveWhatTheMotorCanDeliverIsRejected() throws {
        let issue = try issue("sim.toml", replacing: "max_rate_ml_per_hour = 20", with: "max_rate_ml_per_hour = 1000")
        #expect(issue.keyPath == "limits.max_rate_ml_per_hour")
        #expect(issue.message == "1000 mL/h is more than the motor can deliver: max_steps_per_second × step_volume_pl = "
            + "1000 × 250000 pL/s = 900 mL/h")
    }

    @Test func stepRateFasterThanTheMinimumStepIntervalAllowsIsRejected() throws {
        let issue = try issue("sim.toml", replacing: "min_step_interval_ns = 1_000_000", with: "min_step_interval_ns = 2_000_000")
        #expect(issue.keyPath == "motor.max_steps_per_second")
        #expect(issue.message == "1000 steps/s needs a step every 1000000 ns, but min_step_interval_ns is 2000000 ns")
    }

    @Test func stepPulseShorterThanTheDriversMinimumIsRejected() throws {
        let issue = try issue("rpi5-drv8825.toml", replacing: "step_pulse_width_ns = 4_000", with: "step_pulse_width_ns = 1_500")
        #expect(issue.keyPath == "motor.step_pulse_width_ns")
        #expect(issue.message.contains("shorter than the driver's minimum STEP pulse (driver_min_pulse_ns = 1900 ns)"))
    }

    @Test func stepLowTimeShorterThanTheDriversMinimumIsRejected() throws {
        let issue = try issue(
            "rpi4-a4988.toml", replacing: "min_step_interval_ns = 2_500_000  # 400 steps/s", with: "min_step_interval_ns = 2_500")
        #expect(issue.keyPath == "motor.min_step_interval_ns")
        #expect(issue.message == "leaves STEP low for only 500 ns, less than driver_min_pulse_ns (1000 ns)")
    }

    @Test func emptyThresholdAtOrAboveCapacityIsRejected() throws {
        let issue = try issue("sim.toml", replacing: "empty_threshold_nl = 500_000", with: "empty_threshold_nl = 50_000_000")
        #expect(issue.keyPath == "reservoir.empty_threshold_nl")
        #expect(issue.message.contains("is not below capacity_nl (40000000 nL)"))
    }

    @Test func occlusionThresholdAtOrBelowZeroIsRejected() throws {
        for value in ["0", "-5"] {
            let issue = try issue("sim.toml", replacing: "threshold_pa = 60_000", with: "threshold_pa = \(value)")
            #expect(issue.keyPath == "sensors.occlusion.threshold_pa")
            #expect(issue.message == "\(value) is out of range: must be greater than zero")
        }
    }

    @Test func reliefBeyondThePostOcclusionBolusLimitIsRejected() throws {
        let issue = try issue("sim.toml", replacing: "relief_volume_nl = 500 ", with: "relief_volume_nl = 5_000 ")
        #expect(issue.keyPath == "sensors.occlusion.relief_volume_nl")
        #expect(issue.message.contains("5000 nL exceeds post_occlusion_bolus_limit_nl (2000 nL)"))
    }

    @Test func peristalticPumpWithoutADirectionLineCannotRelievePressure() throws {
        let text = try ProfileTestSupport.text(of: "dc-peristaltic.toml")
        let withoutDirection = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("direction_line") }.joined(separator: "\n")
        let issues = ProfileTestSupport.issues(withoutDirection)
        #expect(issues.map(\.keyPath) == ["sensors.occlusion.relief_volume_nl"])
        #expect(issues.first?.message.contains("cannot reverse") == true)
    }

    @Test func endOfServiceAtOrAboveTheReplacementIndicatorIsRejected() throws {
        let issue = try issue("sim.toml", replacing: "eos_mv = 3000", with: "eos_mv = 3300")
        #expect(issue.keyPath == "battery.eos_mv")
    }

    @Test func simulatedRigRejectsGPIOChipsAndLines() throws {
        let issues = try issues("sim.toml", replacing: "idle_unpowered = true", with: """
            idle_unpowered = true
            step_line = { name = "GPIO17", active_low = false }

            [gpio]
            chip_label = "pinctrl-bcm2711"
            """)
        #expect(issues.map(\.keyPath) == ["motor.step_line", "gpio"])
        #expect(issues.allSatisfy { $0.kind == .notApplicable })
        #expect(issues.first?.message == "a simulated rig has no GPIO lines")
    }

    @Test func gpioRigReportsAMissingLineAtItsTable() throws {
        let issue = try issue("rpi4-a4988.toml", replacing: "step_line = { name = \"GPIO17\", active_low = false }", with: "")
        #expect(issue.keyPath == "motor.step_line")
        #expect(issue.kind == .missingKey)
        #expect(issue.line == ProfileTestSupport.line(of: "[motor]", in: try ProfileTestSupport.text(of: "rpi4-a4988.toml")))
    }

    @Test func gpioRigNeedsARealtimePriority() throws {
        let issue = try issue("rpi4-a4988.toml", replacing: "priority = 80", with: "priority = 0")
        #expect(issue.keyPath == "realtime.priority")
    }

    @Test func theStallThresholdIsOptionalAndBounded() throws {
        let text = try ProfileTestSupport.variant(of: "sim.toml", replacing: "lock_memory = false", with: "lock_memory = false\nstall_threshold_ms = 250")
        guard case .success(let profile) = HardwareProfile.parse(text: text, file: ProfileTestSupport.inProfiles("test.toml")) else { Issue.record("refused"); return }
        #expect(profile.realtime.stallThreshold == .milliseconds(250))
        #expect(try ProfileTestSupport.load("sim.toml").realtime.stallThreshold == RealtimeProfile.defaultStallThreshold)
        let issue = try issue("sim.toml", replacing: "lock_memory = false", with: "lock_memory = false\nstall_threshold_ms = 0")
        #expect(issue.keyPath == "realtime.stall_threshold_ms")
    }

    @Test func keyInTheWrongUnitAsksForTheValueToBeConverted() throws {
        let issue = try issue("sim.toml", replacing: "dead_volume_nl = 200_000", with: "dead_volume_ul = 200")
        #expect(issue.keyPath == "fluid_path.dead_volume_ul")
        #expect(issue.message == "unknown key (did you mean dead_volume_nl? it takes nanolitres: convert the value)")
    }

    @Test func misspelledTableIsReportedOnceWithASuggestion() throws {
        let issue = try issue("sim.toml", replacing: "[battery]", with: "[batery]")
        #expect(issue.keyPath == "batery")
        #expect(issue.message == "unknown table (did you mean battery?)")
        #expect(issue.column == 1)
    }

    @Test func misspelledChoiceSuggestsTheValidOneWithoutFollowOnIssues() throws {
        let issue = try issue("rpi4-a4988.toml", replacing: "kind = \"gpio\"", with: "kind = \"gpoi\"")
        #expect(issue.keyPath == "rig.kind")
        #expect(issue.message == "must be \"simulated\" or \"gpio\", found \"gpoi\" (did you mean \"gpio\"?)")
    }

    @Test func unknownMotorTypeDoesNotCascadeIntoUnknownKeys() throws {
        let issue = try issue("rpi4-a4988.toml", replacing: "type = \"stepper\"", with: "type = \"servo\"")
        #expect(issue.keyPath == "motor.type")
    }

    @Test func stepperKeysOnAPeristalticPumpAreExplained() throws {
        let issue = try issue("dc-peristaltic.toml", replacing: "pulse_volume_pl = 200_000", with: "step_volume_pl = 200_000")
        #expect(issue.kind == .notApplicable)
        #expect(issue.message == "a peristaltic pump takes pulse_volume_pl (volume per encoder pulse)")
    }

    @Test func fractionalValueWhereAWholeNumberIsNeededIsAWrongType() throws {
        let issue = try issue("sim.toml", replacing: "max_rate_ml_per_hour = 20", with: "max_rate_ml_per_hour = 20.5")
        #expect(issue.kind == .wrongType)
        #expect(issue.message == "expected an integer, found float 20.5 (whole numbers only: use the unit the key names)")
    }

    @Test func lineNeedsExactlyOneOfNameAndOffset() throws {
        let both = try issue(
            "rpi4-a4988.toml", replacing: "step_line = { name = \"GPIO17\", active_low = false }",
            with: "step_line = { name = \"GPIO17\", offset = 17, active_low = false }")
        #expect(both.keyPath == "motor.step_line.offset")
        let neither = try issue(
            "rpi4-a4988.toml", replacing: "step_line = { name = \"GPIO17\", active_low = false }",
            with: "step_line = { active_low = false }")
        #expect(neither.keyPath == "motor.step_line.name")
        #expect(neither.kind == .missingKey)
    }

    @Test func outputDriveOnAnInputLineIsRejected() throws {
        let issue = try issue(
            "rpi5-drv8825.toml", replacing: "bias = \"pull_up\" }   # pin 22", with: "drive = \"open_drain\" }   # pin 22")
        #expect(issue.keyPath == "motor.fault_line.drive")
        #expect(issue.message == "drive applies to outputs; this line is an input")
    }

    @Test func iioChannelWrittenAsAFileNameIsExplained() throws {
        let issue = try issue("rpi5-drv8825.toml", replacing: "channel = \"pressure\"", with: "channel = \"in_pressure_raw\"")
        #expect(issue.keyPath == "sensors.occlusion.pressure_channel.channel")
        #expect(issue.message.contains("(e.g. \"pressure\")"))
    }

    @Test func accessListsRejectMalformedAndRepeatedPrincipals() throws {
        let issues = try issues(
            "sim.toml", replacing: "programmers = [\"group:pumpd-clinicians\"]",
            with: "programmers = [\"alice\", \"group:pumpd-clinicians\", \"group:pumpd-clinicians\", 7]")
        #expect(issues.map(\.keyPath) == ["access.programmers[0]", "access.programmers[2]", "access.programmers[3]"])
        #expect(issues.map(\.kind) == [.invalidValue, .invalidValue, .wrongType])
        let empty = try issue("sim.toml", replacing: "programmers = [\"group:pumpd-clinicians\"]", with: "programmers = []")
        #expect(empty.message == "at least one user or group must be allowed to program the pump")
    }

    @Test func connectionLimitsDefaultWhenLeftOutAndAreReadFromAccess() throws {
        #expect(try ProfileTestSupport.load("sim.toml").connections == .defaults)
        let programmers = "programmers = [\"group:pumpd-clinicians\"]"
        let text = try ProfileTestSupport.text(of: "sim.toml").replacingOccurrences(
            of: programmers,
            with: programmers + "\nreserved_connections_programmers = 8\nreserved_connections_operators = 0\nidle_timeout_s = 300")
        let profile = try HardwareProfile.parse(text: text, file: ProfileTestSupport.inProfiles("sim.toml")).get()
        #expect(profile.connections == ConnectionLimitsProfile(reservedForProgrammers: 8, reservedForOperators: 0, idleTimeoutSeconds: 300))
    }

    @Test func connectionLimitsOutOfRangeAreRejected() throws {
        let programmers = "programmers = [\"group:pumpd-clinicians\"]"
        let reserve = try issue("sim.toml", replacing: programmers, with: programmers + "\nreserved_connections_operators = 49")
        #expect(reserve.keyPath == "access.reserved_connections_operators" && reserve.kind == .invalidValue)
        let idle = try issue("sim.toml", replacing: programmers, with: programmers + "\nidle_timeout_s = 0")
        #expect(idle.keyPath == "access.idle_timeout_s" && idle.kind == .invalidValue)
    }

    @Test func missingSectionIsReportedOnceNotPerKey() throws {
        let text = try ProfileTestSupport.text(of: "sim.toml")
        let start = try #require(text.range(of: "[checkpoint]"))
        let issues = ProfileTestSupport.issues(String(text[..<start.lowerBound]))
        #expect(issues.map(\.keyPath) == ["checkpoint"])
        #expect(issues.first?.message == "missing required table [checkpoint]")
        #expect(issues.first?.location == .start)
    }

    @Test func peristalticProfileConvertsToExactIntegers() throws {
        let rig = try ProfileTestSupport.load("dc-peristaltic.toml").rigConfiguration
        #expect(rig.stepVolume.picolitres == 200_000)
        #expect(rig.maximumStepsPerSecond == 200)
        #expect(rig.maximumRate.picolitresPerDay == 240_000_000_000)
        #expect(rig.minimumRate.picolitresPerDay == 50_000_000)
        #expect(rig.deadVolume.nanolitres == 400_000)
        #expect(rig.primingRate.picolitresPerDay == 120_000_000_000)
        #expect(rig.reservoirCapacity.nanolitres == 20_000_000)
        #expect(rig.emptyThreshold.nanolitres == 1_000_000)
        #expect(rig.refillDiscrepancyTolerance.nanolitres == 1_000_000)
    }
}

extension ProfileValidationTests {
    @Test func gpioRigWithTheSimulatedBatteryIsOneIssue() throws {
        let issue = try issue("rpi4-a4988.toml", replacing: "source = \"power_supply\"", with: "source = \"simulated\"")
        #expect(issue.keyPath == "battery.source")
        #expect(issue.message == "a gpio rig must monitor its real battery: use source = \"power_supply\" or \"iio\"")
    }
}

@Suite struct StuckSensorKeyTests {
    @Test func aPressureSensorOptsIntoStuckDetectionWithItsSampleCount() throws {
        let profile = try HardwareProfile.load(path: ProfileTestSupport.path(of: "rpi5-drv8825.toml")).get()
        #expect(profile.occlusion.stuckAfterSamples == 200)
        let sim = try HardwareProfile.load(path: ProfileTestSupport.path(of: "sim.toml")).get()
        #expect(sim.occlusion.stuckAfterSamples == nil)
    }

    @Test func aHardwarePressureChannelWithoutAStuckThresholdIsReportedAtItsTable() throws {
        let text = try String(contentsOfFile: ProfileTestSupport.path(of: "rpi5-drv8825.toml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("stuck_after_samples") }
            .joined(separator: "\n")
        guard case .failure(let errors) = HardwareProfile.parse(text: text, file: ProfileTestSupport.inProfiles("rpi5.toml")) else {
            Issue.record("a pressure channel without stuck_after_samples was accepted"); return
        }
        #expect(errors.issues.map(\.keyPath) == ["sensors.occlusion.stuck_after_samples"])
    }
}
