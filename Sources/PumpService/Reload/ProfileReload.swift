public import PumpControl
public import PumpCore
public import PumpProfile

/// What a reload (SIGHUP) may change while delivery runs, judged before anything changes.
///
/// Reloadable: the access roles (`[access]` role lists and `operators_may_stop`), the sensor judgement thresholds the
/// running loop holds: `[sensors.occlusion] threshold_pa` and `confirm_samples`, `[battery]
/// eri_mv`, `eos_mv` and `hysteresis_mv`; and `[programming]`: the drug library (its path, or
/// the library file's content: a profile loads only with a library that validates whole, so a
/// broken library refuses the reload before it is judged) and the clinical policy. A new library
/// applies to the next review; the running program stays. Everything else needs a restart and is refused, naming
/// each changed key or section: `[access]`'s connection limits (set when the socket is served),
/// how the hardware is driven and read (`[rig]`, `[motor]`, lines and channels, poll intervals,
/// averaging, relief), `[limits]`, `[fluid_path]`, `[reservoir]`, `[realtime]` and
/// `[checkpoint]`. `[reservoir] empty_threshold_nl` in particular stays restart-only: it is part of
/// the rig configuration the committed program was validated against (its low-reservoir alarm
/// must lie above it) and the dose accounting uses, so changing it under a running program could
/// leave that program invalid without a review.
///
/// All or nothing: a profile with any restart-only change is refused whole, and nothing of it is
/// applied (not even its reloadable changes).
public enum ProfileReload {
    /// One changed setting: its profile key (`sensors.occlusion.threshold_pa`) and its values as
    /// the profile writes them (numbers in the key's unit; role lists as `[group:a, user:b]`).
    public struct SettingChange: Sendable, Hashable {
        public var setting: String
        public var old: String
        public var new: String

        public init(setting: String, old: String, new: String) {
            self.setting = setting
            self.old = old
            self.new = new
        }
    }

    /// What a reload applies.
    public struct Plan: Sendable, Equatable {
        /// The roles to serve from now on; nil when `[access]` did not change.
        public var access: AccessProfile?
        /// The thresholds to judge sensors by from now on; nil when none changed.
        public var thresholds: SensorThresholds?
        /// The drug library and policy to check programs by from now on; nil when neither changed.
        public var programming: Programming? = nil
        /// Every changed setting, in profile order; empty when nothing changed.
        public var changes: [SettingChange]
        /// The profile as it is on disk: the running profile once the plan is applied.
        public var profile: HardwareProfile
    }

    /// `[programming]` as a reload applies it: the session's drug library (nil: none) and policy.
    public struct Programming: Sendable, Equatable {
        public var library: DrugLibrary?
        public var policy: TherapyPolicy

        public init(library: DrugLibrary?, policy: TherapyPolicy) {
            self.library = library
            self.policy = policy
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Everything that changed can be applied while delivery runs.
        case apply(Plan)
        /// Something that needs a restart changed: nothing is applied; `reason` names what.
        case refused(reason: String)
    }

    /// The settings a reload may change, as they appear in the profile.
    public static let reloadable =
        "[access], [sensors.occlusion] threshold_pa and confirm_samples, [battery] eri_mv, eos_mv and hysteresis_mv, "
            + "[programming] (the drug library and the policy)"

    /// Compares the running profile with the one on disk now.
    public static func judge(running: HardwareProfile, onDisk: HardwareProfile) -> Outcome {
        let restartOnly = restartOnlyDifferences(running, onDisk)
        guard restartOnly.isEmpty else {
            return .refused(
                reason: "settings that need a restart changed (\(restartOnly.joined(separator: ", "))); nothing was applied: "
                    + "restart pumpd to apply them (a reload applies only \(reloadable))")
        }
        var changes: [SettingChange] = []
        func note<Value: Equatable & CustomStringConvertible>(_ setting: String, _ old: Value, _ new: Value) {
            if old != new { changes.append(SettingChange(setting: setting, old: old.description, new: new.description)) }
        }
        let (was, now) = (running.battery.thresholds, onDisk.battery.thresholds)
        note("battery.eri_mv", was.electiveReplacementMillivolts, now.electiveReplacementMillivolts)
        note("battery.eos_mv", was.endOfServiceMillivolts, now.endOfServiceMillivolts)
        note("battery.hysteresis_mv", was.hysteresisMillivolts, now.hysteresisMillivolts)
        note("sensors.occlusion.threshold_pa", running.occlusion.thresholdPascals ?? 0, onDisk.occlusion.thresholdPascals ?? 0)
        note("sensors.occlusion.confirm_samples", running.occlusion.confirmSamples, onDisk.occlusion.confirmSamples)
        let thresholdsChanged = !changes.isEmpty
        func roles(_ list: [AccessPrincipal]) -> String { "[" + list.map(\.description).joined(separator: ", ") + "]" }
        note("access.programmers", roles(running.access.programmers), roles(onDisk.access.programmers))
        note("access.operators", roles(running.access.operators), roles(onDisk.access.operators))
        note("access.observers", roles(running.access.observers), roles(onDisk.access.observers))
        note("access.operators_may_stop", running.access.operatorsMayStop, onDisk.access.operatorsMayStop)
        let changesBeforeProgramming = changes.count
        if running.drugLibrary != onDisk.drugLibrary || running.programming.drugLibraryPath != onDisk.programming.drugLibraryPath {
            let (was, now) = (describeLibrary(running), describeLibrary(onDisk))
            // The same name, count and file with other entries (a limit edited in place).
            changes.append(SettingChange(setting: "programming.drug_library", old: was, new: was == now ? now + " with changed entries" : now))
        }
        let (old, new) = (running.programming.policy, onDisk.programming.policy)
        note("programming.reservoir_warning_days", old.reservoirWarningHorizon.nanoseconds / TimeSpan.day.nanoseconds,
             new.reservoirWarningHorizon.nanoseconds / TimeSpan.day.nanoseconds)
        note("programming.stopped_reminder", old.stoppedReminderAfter.readable, new.stoppedReminderAfter.readable)
        note("programming.stopped_reminder_repeat", old.stoppedReminderRepeat.readable, new.stoppedReminderRepeat.readable)
        return .apply(Plan(
            access: running.access == onDisk.access ? nil : onDisk.access,
            thresholds: thresholdsChanged ? thresholds(of: onDisk) : nil,
            programming: changes.count > changesBeforeProgramming ? programming(of: onDisk) : nil, changes: changes, profile: onDisk))
    }

    /// The drug library and policy a profile sets for the therapy session.
    public static func programming(of profile: HardwareProfile) -> Programming {
        Programming(library: profile.drugLibrary, policy: profile.programming.policy)
    }

    /// `"intrathecal-example 2026-12" (4 drugs, others allowed) from hw-profiles/drug-library.toml`,
    /// or `none`: what the audit shows for a library before and after a reload.
    public static func describeLibrary(_ profile: HardwareProfile) -> String {
        guard let library = profile.drugLibrary, let path = profile.programming.drugLibraryPath else { return "none" }
        let count = library.entries.count
        return "\"\(library.name)\" (\(count) drug\(count == 1 ? "" : "s"), other drugs \(library.allowsOtherDrugs ? "allowed" : "refused")) from \(path)"
    }

    /// The thresholds a profile sets for the control loop (a rig without a pressure channel
    /// never judges pressure: its threshold is out of reach).
    public static func thresholds(of profile: HardwareProfile) -> SensorThresholds {
        SensorThresholds(
            occlusionThresholdPascals: profile.occlusion.thresholdPascals ?? .max,
            occlusionConfirmSamples: Int(profile.occlusion.confirmSamples), battery: profile.battery.thresholds)
    }

    /// The restart-only keys and sections that differ, in profile order; empty when only
    /// reloadable settings (or nothing, or only the file's layout) changed.
    static func restartOnlyDifferences(_ a: HardwareProfile, _ b: HardwareProfile) -> [String] {
        var found: [String] = []
        func section(_ name: String, _ differs: Bool) { if differs { found.append(name) } }
        func keys(_ name: String, _ checks: [(String, Bool)]) {
            for (key, differs) in checks where differs { found.append("\(name) \(key)") }
        }
        section("[rig]", a.name != b.name || a.kind != b.kind || a.chip != b.chip)
        section("[motor]", a.motor != b.motor)
        section("[limits]", a.limits != b.limits)
        section("[fluid_path]", a.fluidPath != b.fluidPath)
        keys("[reservoir]", [
            ("capacity_nl", a.reservoir.capacity != b.reservoir.capacity),
            ("empty_threshold_nl", a.reservoir.emptyThreshold != b.reservoir.emptyThreshold),
            ("refill_discrepancy_tolerance_nl", a.reservoir.refillDiscrepancyTolerance != b.reservoir.refillDiscrepancyTolerance),
        ])
        keys("[battery]", [
            ("source", a.battery.source != b.battery.source), ("poll_interval_s", a.battery.pollInterval != b.battery.pollInterval),
            ("average_of", a.battery.averageOf != b.battery.averageOf),
        ])
        let (x, y) = (a.occlusion, b.occlusion)
        keys("[sensors.occlusion]", [
            ("switch_line", x.pressureSwitch != y.pressureSwitch), ("pressure_channel", x.pressure != y.pressure),
            // Present or not goes with the pressure channel: judging pressure at all is hardware.
            ("threshold_pa", (x.thresholdPascals == nil) != (y.thresholdPascals == nil)),
            ("poll_interval_ms", x.pollInterval != y.pollInterval), ("relief_volume_nl", x.reliefVolume != y.reliefVolume),
            ("post_occlusion_bolus_limit_nl", x.postOcclusionBolusLimit != y.postOcclusionBolusLimit),
            ("stuck_after_samples", x.stuckAfterSamples != y.stuckAfterSamples),
        ])
        section("[sensors.reservoir_switch]", a.reservoirSwitch != b.reservoirSwitch)
        // The connection limits are set when the socket is served.
        let (c, d) = (a.connections, b.connections)
        keys("[access]", [
            ("reserved_connections_programmers", c.reservedForProgrammers != d.reservedForProgrammers),
            ("reserved_connections_operators", c.reservedForOperators != d.reservedForOperators),
            ("idle_timeout_s", c.idleTimeoutSeconds != d.idleTimeoutSeconds),
        ])
        section("[realtime]", a.realtime != b.realtime)
        // Issue 14: the alarm output lines are requested at start, their timing set with them.
        section("[alarm_outputs]", a.alarmOutputs != b.alarmOutputs)
        section("[checkpoint]", a.checkpoint != b.checkpoint)
        // Where a line is written (its line number) is layout; which line a key names is hardware.
        if a.lines.count != b.lines.count || zip(a.lines, b.lines).contains(where: { $0.keyPath != $1.keyPath || $0.spec != $1.spec }) {
            found.append("GPIO lines")
        }
        // A safety net for settings added later and not named above: anything else that differs
        // is restart-only too.
        if found.isEmpty {
            var same = b
            same.file = a.file
            same.access = a.access
            same.battery.thresholds = a.battery.thresholds
            same.occlusion.thresholdPascals = a.occlusion.thresholdPascals
            same.occlusion.confirmSamples = a.occlusion.confirmSamples
            same.lines = a.lines
            same.programming = a.programming
            same.drugLibrary = a.drugLibrary
            if same != a { found.append("other settings") }
        }
        return found
    }
}
