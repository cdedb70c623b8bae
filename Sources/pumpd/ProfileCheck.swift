import PumpHardware
import PumpProfile

/// `pumpd --check-profile`: every error in the file (and in the drug library it names) with its
/// key and line, and on a machine that has the profile's GPIO chip, every line the chip does not
/// have. Touches no line. A profile that loads is reported with the drug library it brings.
enum ProfileCheck {
    /// Returns the report and whether the profile can run.
    static func run(path: String) -> (report: String, ok: Bool) {
        let profile: HardwareProfile
        switch HardwareProfile.load(path: path) {
        case .failure(let errors): return (errors.description, false)
        case .success(let loaded): profile = loaded
        }
        let library = "\n" + DrugLibraryNote.line(for: profile)
        guard profile.kind == .gpio, let selector = profile.chip else {
            return ("\(path): ok: \(profile.name) (simulated rig)" + library, true)
        }
        let chip: GPIOChip
        do { chip = try GPIOChip(selector) } catch {
            return ("\(path): ok: \(profile.name); note: \(error) here, so line names and offsets were not checked" + library, true)
        }
        var issues: [ProfileIssue] = []
        for use in profile.lines {
            do { _ = try chip.offset(of: use.spec.selector) } catch { issues.append(use.issue(error.description)) }
        }
        guard issues.isEmpty else { return (ProfileErrors(file: path, issues: issues).description, false) }
        return ("\(path): ok: \(profile.name); all \(profile.lines.count) lines found on \(chip)" + library, true)
    }
}
