import Foundation
import PumpControl
import PumpProfile
import Testing

@testable import PumpService

/// What a reload may apply while delivery runs, judged before anything changes (pure).
@Suite struct ProfileReloadTests {
    static let simPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("hw-profiles/sim.toml").path
    static let simText = (try? String(contentsOfFile: simPath, encoding: .utf8)) ?? ""

    /// sim.toml with each `from` replaced by its `to` (each must occur).
    static func profile(_ replacements: [(String, String)] = []) throws -> HardwareProfile {
        var text = simText
        for (from, to) in replacements {
            try #require(text.contains(from), "sim.toml has no \(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        // Parsed as the shipped file, so its drug library (relative to it) is found.
        return try HardwareProfile.parse(text: text, file: simPath).get()
    }

    @Test func changedThresholdsAreAppliedWithTheirOldAndNewValues() throws {
        let running = try Self.profile()
        let onDisk = try Self.profile([
            ("threshold_pa = 60_000", "threshold_pa = 45_000"), ("confirm_samples = 3", "confirm_samples = 5"),
            ("eri_mv = 3300", "eri_mv = 3400"), ("eos_mv = 3000", "eos_mv = 3100"),
        ])
        guard case .apply(let plan) = ProfileReload.judge(running: running, onDisk: onDisk) else {
            Issue.record("thresholds are reloadable")
            return
        }
        #expect(plan.changes == [
            .init(setting: "battery.eri_mv", old: "3300", new: "3400"), .init(setting: "battery.eos_mv", old: "3000", new: "3100"),
            .init(setting: "sensors.occlusion.threshold_pa", old: "60000", new: "45000"),
            .init(setting: "sensors.occlusion.confirm_samples", old: "3", new: "5"),
        ])
        #expect(plan.thresholds?.occlusionThresholdPascals == 45_000)
        #expect(plan.thresholds?.occlusionConfirmSamples == 5)
        #expect(plan.thresholds?.battery.electiveReplacementMillivolts == 3400)
        #expect(plan.thresholds?.battery.endOfServiceMillivolts == 3100)
        #expect(plan.access == nil, "roles did not change")
        #expect(plan.profile == onDisk)
    }

    @Test func changedRolesAreAppliedAloneWithoutTouchingTheThresholds() throws {
        let onDisk = try Self.profile([("observers = [\"group:pumpd-observers\"]", "observers = [\"user:nobody\"]")])
        guard case .apply(let plan) = ProfileReload.judge(running: try Self.profile(), onDisk: onDisk) else {
            Issue.record("roles are reloadable")
            return
        }
        #expect(plan.changes == [.init(setting: "access.observers", old: "[group:pumpd-observers]", new: "[user:nobody]")])
        #expect(plan.access == onDisk.access)
        #expect(plan.thresholds == nil)
    }

    @Test func grantingOperatorsTheStopIsReloadableLikeTheRoleLists() throws {
        let onDisk = try Self.profile([("operators_may_stop = false", "operators_may_stop = true")])
        guard case .apply(let plan) = ProfileReload.judge(running: try Self.profile(), onDisk: onDisk) else {
            Issue.record("the stop grant is reloadable")
            return
        }
        #expect(plan.changes == [.init(setting: "access.operators_may_stop", old: "false", new: "true")])
        #expect(plan.access?.operatorsMayStop == true)
        #expect(plan.thresholds == nil)
    }

    @Test func aHardwareChangeIsRefusedNamingItsSectionAndNothingElseIsApplied() throws {
        // A reloadable threshold and a restart-only motor change together: the reload is refused whole.
        let onDisk = try Self.profile([("threshold_pa = 60_000", "threshold_pa = 45_000"), ("step_volume_pl = 250_000", "step_volume_pl = 200_000")])
        guard case .refused(let reason) = ProfileReload.judge(running: try Self.profile(), onDisk: onDisk) else {
            Issue.record("a motor change needs a restart")
            return
        }
        #expect(reason.contains("[motor]"), "\(reason)")
        #expect(!reason.contains("threshold_pa ("), "\(reason)")
        #expect(reason.contains("nothing was applied"))
    }

    @Test(arguments: [
        ("empty_threshold_nl = 500_000", "empty_threshold_nl = 600_000", "[reservoir] empty_threshold_nl"),
        ("poll_interval_ms = 100", "poll_interval_ms = 200", "[sensors.occlusion] poll_interval_ms"),
        ("average_of = 4", "average_of = 8", "[battery] average_of"),
        ("every_steps = 100", "every_steps = 50", "[checkpoint]"),
        ("max_rate_ml_per_hour = 20", "max_rate_ml_per_hour = 10", "[limits]"),
        ("dead_volume_nl = 200_000", "dead_volume_nl = 150_000", "[fluid_path]"),
        ("lock_memory = false", "lock_memory = true", "[realtime]"),
        (#"observers = ["group:pumpd-observers"]"#, #"observers = ["group:pumpd-observers"]"# + "\nidle_timeout_s = 5",
         "[access] idle_timeout_s"),
        (#"observers = ["group:pumpd-observers"]"#, #"observers = ["group:pumpd-observers"]"# + "\nreserved_connections_operators = 4",
         "[access] reserved_connections_operators"),
        // Issue 14.
        (#"max_silence = "2min""#, #"max_silence = "1min""#, "[alarm_outputs]"),
    ])
    func restartOnlySettingsAreRefusedByKeyOrSection(from: String, to: String, named: String) throws {
        let outcome = ProfileReload.judge(running: try Self.profile(), onDisk: try Self.profile([(from, to)]))
        guard case .refused(let reason) = outcome else {
            Issue.record("\(named) needs a restart, got \(outcome)")
            return
        }
        #expect(reason.contains(named), "\(reason)")
    }

    @Test func anUnchangedProfileOrOneWithOnlyNewCommentsChangesNothing() throws {
        let layout = try Self.profile([("[rig]\n", "# edited by hand\n\n[rig]\n")])
        #expect(ProfileReload.judge(running: try Self.profile(), onDisk: layout) == .apply(.init(access: nil, thresholds: nil, changes: [], profile: layout)))
    }

    @Test func aChangedLibraryOrPolicyIsReloadableAndNamedWithItsLibrary() throws {
        var onDisk = try Self.profile([("reservoir_warning_days = 7", "reservoir_warning_days = 14")])
        onDisk.drugLibrary?.allowsOtherDrugs = false
        onDisk.drugLibrary?.entries.removeLast()
        guard case .apply(let plan) = ProfileReload.judge(running: try Self.profile(), onDisk: onDisk) else {
            Issue.record("the library and policy are reloadable")
            return
        }
        #expect(plan.changes.map(\.setting) == ["programming.drug_library", "programming.reservoir_warning_days"])
        #expect(plan.changes.first?.new.hasPrefix("\"intrathecal-example 2026-12\" (3 drugs, other drugs refused) from ") == true, "\(plan.changes)")
        #expect(plan.changes.last == .init(setting: "programming.reservoir_warning_days", old: "7", new: "14"))
        #expect(plan.programming == .init(library: onDisk.drugLibrary, policy: onDisk.programming.policy))
        #expect(plan.thresholds == nil && plan.access == nil)
    }

    @Test func aProfileWithoutALibraryReloadsToNone() throws {
        var onDisk = try Self.profile()
        onDisk.drugLibrary = nil
        onDisk.programming.drugLibraryPath = nil
        guard case .apply(let plan) = ProfileReload.judge(running: try Self.profile(), onDisk: onDisk) else {
            Issue.record("dropping the library is reloadable")
            return
        }
        #expect(plan.changes.first?.new == "none")
        #expect(plan.programming?.library == nil && plan.programming != nil)
    }

    @Test func aLibraryChangeWithARestartOnlyChangeIsRefusedWhole() throws {
        var onDisk = try Self.profile([("step_volume_pl = 250_000", "step_volume_pl = 200_000")])
        onDisk.drugLibrary?.entries.removeLast()
        guard case .refused(let reason) = ProfileReload.judge(running: try Self.profile(), onDisk: onDisk) else {
            Issue.record("a motor change needs a restart")
            return
        }
        #expect(reason.contains("changed ([motor])") && reason.contains("nothing was applied"), "\(reason)")
    }

    @Test func aProfileWhoseLibraryIsBrokenDoesNotLoadSoTheReloadIsRefusedBeforeJudging() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("broken-library-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let library = try String(contentsOfFile: (Self.simPath as NSString).deletingLastPathComponent + "/drug-library.toml", encoding: .utf8)
        try library.replacingOccurrences(of: "hard = \"20mg/day\"", with: "hard = \"9mg/day\"")
            .write(toFile: directory + "/drug-library.toml", atomically: true, encoding: .utf8)
        try Self.simText.write(toFile: directory + "/sim.toml", atomically: true, encoding: .utf8)
        guard case .failure(let errors) = HardwareProfile.load(path: directory + "/sim.toml") else {
            Issue.record("a profile with a broken library loaded")
            return
        }
        #expect(errors.lines.count == 1 && errors.lines[0].hasPrefix(directory + "/drug-library.toml:"), "\(errors)")
        #expect(errors.lines[0].contains("drugs.morphine.daily_dose.soft: the soft limit is above the hard limit"))
    }
}
