import PumpCore
import PumpProfile
import Testing

/// Issue 14's profile keys: `[sensors.occlusion] line_test_*` and `[calibration]`, refused with the
/// key and line that is wrong.
@Suite struct LineTestAndCalibrationKeysTests {
    func issue(replacing original: String, with replacement: String) throws -> ProfileIssue {
        let issues = ProfileTestSupport.issues(try ProfileTestSupport.variant(of: "sim.toml", replacing: original, with: replacement))
        #expect(issues.count == 1, "\(issues)")
        return try #require(issues.first)
    }

    static func line(of text: String) throws -> Int {
        let lines = try ProfileTestSupport.text(of: "sim.toml").split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.hasPrefix(text) }) + 1
    }

    @Test func aLineTestVolumeBeyondThePostOcclusionBolusLimitIsRejectedAtItsLine() throws {
        let issue = try issue(replacing: "line_test_volume_nl = 1_000 ", with: "line_test_volume_nl = 2_001 ")
        #expect(issue.keyPath == "sensors.occlusion.line_test_volume_nl")
        #expect(issue.message.contains("2001 nL exceeds post_occlusion_bolus_limit_nl (2000 nL)"))
        #expect(issue.line == (try Self.line(of: "line_test_volume_nl")))
    }

    @Test func aLineTestVolumeBelowOneStepIsRejected() throws {
        let issue = try issue(replacing: "line_test_volume_nl = 1_000 ", with: "line_test_volume_nl = 100 ")
        #expect(issue.keyPath == "sensors.occlusion.line_test_volume_nl")
        #expect(issue.message.contains("less than one step"))
    }

    @Test func aLineTestThresholdAboveTheOcclusionThresholdIsRejected() throws {
        let issue = try issue(replacing: "line_test_threshold_pa = 30_000", with: "line_test_threshold_pa = 70_000")
        #expect(issue.keyPath == "sensors.occlusion.line_test_threshold_pa")
        #expect(issue.message.contains("above threshold_pa (60000 Pa)"))
    }

    @Test func aCalibrationRateAboveItsMaximumIsRejected() throws {
        let issue = try issue(replacing: "max_rate_ul_per_hour = 10_000", with: "max_rate_ul_per_hour = 500")
        #expect(issue.keyPath == "calibration.max_rate_ul_per_hour")
        #expect(issue.message.contains("below rate_ul_per_hour"))
    }

    @Test func aCalibrationRateAboveTheRigsLimitIsRejected() throws {
        let issue = try issue(replacing: "max_rate_ul_per_hour = 10_000", with: "max_rate_ul_per_hour = 30_000")
        #expect(issue.keyPath == "calibration.max_rate_ul_per_hour")
        #expect(issue.message.contains("above limits.max_rate_ml_per_hour"))
    }

    @Test func profilesWithoutTheKeysGetTheDocumentedDefaults() throws {
        let profile = try ProfileTestSupport.load("sim-soak.toml")
        #expect(profile.occlusion.lineTest.volume == profile.occlusion.postOcclusionBolusLimit)
        #expect(profile.occlusion.lineTest.rate == .microlitresPerHour(100))
        #expect(profile.occlusion.lineTest.clearSamples == 3)
        #expect(profile.calibration.maximumSteps == CalibrationRunBounds.standard.maximumSteps)
    }

    func gpioSimIssue(replacing original: String, with replacement: String) throws -> ProfileIssue {
        let issues = ProfileTestSupport.issues(try ProfileTestSupport.variant(of: "gpio-sim.toml", replacing: original, with: replacement))
        #expect(issues.count == 1, "\(issues)")
        return try #require(issues.first)
    }

    /// gpio-sim.toml has only a switch and relieves two 100 nL steps: a test of two steps could
    /// never trip the switch again on a rigid blocked line, so it would pass it.
    @Test func lineTestNotAboveReliefWithoutLowerThresholdIsRefusedAtItsLine() throws {
        let issue = try gpioSimIssue(replacing: "line_test_volume_nl = 300", with: "line_test_volume_nl = 200")
        #expect(issue.keyPath == "sensors.occlusion.line_test_volume_nl")
        #expect(issue.message.contains("does not exceed relief_volume_nl (200 nL, 2 steps)"), "\(issue.message)")
        let lines = try ProfileTestSupport.text(of: "gpio-sim.toml").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(issue.line == (try #require(lines.firstIndex { $0.hasPrefix("line_test_volume_nl") })) + 1)
    }

    @Test func aLineTestRiseOnASwitchOnlyRigIsRejected() throws {
        let issue = try gpioSimIssue(replacing: "line_test_volume_nl = 300", with: "line_test_volume_nl = 300\nline_test_rise_pa = 5_000")
        #expect(issue.keyPath == "sensors.occlusion.line_test_rise_pa")
    }

    @Test func aLineTestRiseIsReadWhereAPressureSensorShowsIt() throws {
        let text = try ProfileTestSupport.variant(of: "sim.toml", replacing: "line_test_threshold_pa = 30_000", with: "line_test_threshold_pa = 30_000\nline_test_rise_pa = 7_000")
        #expect(ProfileTestSupport.issues(text).isEmpty)
        #expect(try ProfileTestSupport.load("sim.toml").occlusion.lineTest.risePascals == nil)  // default: half the threshold, in the loop
    }

    @Test func calibrationMinimumAboveMaximumIsRejectedAtItsLine() throws {
        let issue = try issue(replacing: "min_steps = 40", with: "min_steps = 5_000")
        #expect(issue.keyPath == "calibration.min_steps")
        #expect(issue.message.contains("above max_steps (4000)"))
        #expect(issue.line == (try Self.line(of: "min_steps")))
    }
}

