import PumpCore
import PumpProfile
import Testing

/// The motion-verification keys of `[motor]` and `[motor.stall_retry]`: read into the profile,
/// with line-accurate typed errors for values that cannot work.
@Suite struct MotionProfileTests {
    static let encoderKeys = """
        enable_line = { name = "GPIO22", active_low = true }      # pin 15 -> /ENABLE (pull-up, see above)
        encoder_line = { name = "GPIO26", active_low = false, bias = "pull_up" }
        encoder_pulses_per_rev = 1024
        steps_per_rev = 400
        stall_line = { name = "GPIO16", active_low = false }
        motion_tolerance_steps = 3
        coast_pulses = 1
        coast_window_ms = 500
        """

    static func rpi4(_ keys: String = encoderKeys, retry: String = "") throws -> String {
        var text = try ProfileTestSupport.variant(
            of: "rpi4-a4988.toml", replacing: "enable_line = { name = \"GPIO22\", active_low = true }      # pin 15 -> /ENABLE (pull-up, see above)\n",
            with: keys + "\n")
        if !retry.isEmpty { text = text.replacingOccurrences(of: "\n[limits]", with: "\n" + retry + "\n[limits]") }
        return text
    }

    @Test func aStepperTakesAnEncoderAStallLineAndARetryPolicy() throws {
        let text = try Self.rpi4(retry: "[motor.stall_retry]\nretries = 2\nspacing_ms = 1500\nreverse_before_retry = true\n")
        let profile = try HardwareProfile.parse(text: text, file: ProfileTestSupport.inProfiles("rpi4.toml")).get()
        let motion = profile.motor.motion
        #expect(motion.hasEncoder && motion.hasStallOutput)
        #expect(motion.pulsesPerRevolution == 1024 && motion.stepsPerRevolution == 400)
        #expect(motion.toleranceSteps == 3 && motion.coastPulses == 1 && motion.coastWindow == .milliseconds(500))
        #expect(motion.retries == 2 && motion.retrySpacing == .milliseconds(1500) && motion.reverseBeforeRetry)
        #expect(profile.lines.contains { $0.keyPath == "motor.encoder_line" } && profile.lines.contains { $0.keyPath == "motor.stall_line" })
    }

    @Test func theShippedSimulatedRigVerifiesMotion() throws {
        let motion = try ProfileTestSupport.load("sim.toml").motor.motion
        #expect(motion.hasEncoder && motion.hasStallOutput && motion.retries == 0)
    }

    @Test func aStepperEncoderCoastsOneStepsPulsesByDefault() throws {
        let text = try Self.rpi4(Self.encoderKeys.replacingOccurrences(of: "coast_pulses = 1\n", with: ""))
        let profile = try HardwareProfile.parse(text: text, file: ProfileTestSupport.inProfiles("rpi4.toml")).get()
        #expect(profile.motor.motion.coastPulses == 3)  // 1024 pulses / 400 steps = 2.56, rounded up
    }

    @Test func theShippedStepperProfilesHaveNoEncoderUnlessGiven() throws {
        #expect(try !ProfileTestSupport.load("rpi4-a4988.toml").motor.motion.hasEncoder)
        #expect(try ProfileTestSupport.load("dc-peristaltic.toml").motor.motion.coastPulses == 2)
    }

    @Test func moreThanFiveRetriesIsRejectedAtItsLine() throws {
        let text = try Self.rpi4(retry: "[motor.stall_retry]\nretries = 6\nspacing_ms = 1000\n")
        let issue = try #require(ProfileTestSupport.issues(text).first)
        #expect(issue.keyPath == "motor.stall_retry.retries")
        #expect(issue.kind == .invalidValue)
        #expect(issue.line == ProfileTestSupport.line(of: "retries = 6", in: text))
    }

    @Test func aToleranceFinerThanTheEncoderIsRejected() throws {
        let text = try Self.rpi4(Self.encoderKeys.replacingOccurrences(of: "encoder_pulses_per_rev = 1024", with: "encoder_pulses_per_rev = 100")
            .replacingOccurrences(of: "motion_tolerance_steps = 3", with: "motion_tolerance_steps = 1"))
        let issue = try #require(ProfileTestSupport.issues(text).first)
        #expect(issue.keyPath == "motor.motion_tolerance_steps")
        #expect(issue.message.contains("one pulse is up to 4 steps"))
        #expect(issue.line == ProfileTestSupport.line(of: "motion_tolerance_steps = 1", in: text))
    }

    @Test func anEncoderWithoutItsRatioIsMissingKeys() throws {
        let text = try Self.rpi4(Self.encoderKeys.replacingOccurrences(of: "steps_per_rev = 400\n", with: ""))
        let issues = ProfileTestSupport.issues(text)
        #expect(issues.map(\.keyPath) == ["motor.steps_per_rev"])
        #expect(issues.first?.kind == .missingKey)
    }

    @Test func motionToleranceWithoutAnEncoderIsNotApplicable() throws {
        let text = try Self.rpi4("enable_line = { name = \"GPIO22\", active_low = true }\nmotion_tolerance_steps = 2")
        let issue = try #require(ProfileTestSupport.issues(text).first)
        #expect(issue.keyPath == "motor.motion_tolerance_steps")
        #expect(issue.kind == .notApplicable)
    }

    @Test func simulatedKeysOnAGPIORigAreNotApplicable() throws {
        let text = try Self.rpi4("enable_line = { name = \"GPIO22\", active_low = true }\nsimulated_encoder = true")
        let issue = try #require(ProfileTestSupport.issues(text).first)
        #expect(issue.keyPath == "motor.simulated_encoder")
        #expect(issue.kind == .notApplicable)
    }

    @Test func reversingARetryOnAPumpThatCannotRunBackwardsIsRejected() throws {
        let text = try ProfileTestSupport.variant(
            of: "dc-peristaltic.toml", replacing: "\n[limits]", with: "\n[motor.stall_retry]\nretries = 1\nspacing_ms = 1000\nreverse_before_retry = true\n\n[limits]")
        let issues = ProfileTestSupport.issues(text)
        let hasDirection = (try ProfileTestSupport.text(of: "dc-peristaltic.toml")).contains("\ndirection_line")
        if hasDirection {
            #expect(issues.isEmpty)
        } else {
            #expect(issues.first?.keyPath == "motor.stall_retry.reverse_before_retry")
        }
    }
}
