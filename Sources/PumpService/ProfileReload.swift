public import PumpProfile

/// What a reload (SIGHUP) may change while delivery runs: the profile's access roles. Anything
/// else that differs (hardware, limits, thresholds, checkpoint cadence) needs a restart, and the
/// reload is refused with the sections that differ, changing nothing.
public enum ProfileReload {
    public enum Outcome: Sendable, Equatable {
        case applied(roles: Bool)
        case refused(reason: String)
    }

    /// Compares the running profile with the one on disk now.
    public static func judge(running: HardwareProfile, onDisk: HardwareProfile) -> Outcome {
        var sameButAccess = onDisk
        sameButAccess.access = running.access
        guard sameButAccess == running else {
            return .refused(reason: "settings other than [access] changed (\(differences(running, onDisk).joined(separator: ", "))): restart pumpd to apply them")
        }
        return .applied(roles: onDisk.access != running.access)
    }

    static func differences(_ a: HardwareProfile, _ b: HardwareProfile) -> [String] {
        var found: [String] = []
        if a.motor != b.motor { found.append("[motor]") }
        if a.occlusion != b.occlusion { found.append("[sensors.occlusion]") }
        if a.battery != b.battery { found.append("[battery]") }
        if a.reservoir != b.reservoir { found.append("[reservoir]") }
        if a.checkpoint != b.checkpoint { found.append("[checkpoint]") }
        if a.realtime != b.realtime { found.append("[realtime]") }
        if a.rigConfiguration != b.rigConfiguration { found.append("[limits] or [fluid_path]") }
        return found.isEmpty ? ["[rig]"] : found
    }
}
