public import PumpCore

extension ProfileDecoder {
    static let reservoirWarningDays: ClosedRange<Int64> = 0...365
    static let stoppedReminderRange = TimeSpan.minutes(1)...TimeSpan.days(7)
    static let stoppedReminderRepeatRange = TimeSpan.minutes(1)...TimeSpan.days(1)

    /// `[programming]`: the drug library's path (relative to the profile's directory) and the
    /// policy. The library file is read and validated here, so a broken library is a broken
    /// profile: its issues are reported under the library's own file name.
    func decodeProgramming(_ reader: ProfileTableReader?) -> (ProgrammingProfile, DrugLibrary?)? {
        guard let reader else { return (.defaults, nil) }
        let defaults = TherapyPolicy()
        let path = reader.string("drug_library", .optional)
        let days = reader.integer("reservoir_warning_days", .optional, in: Self.reservoirWarningDays)
        let reminder = duration(reader, "stopped_reminder", in: Self.stoppedReminderRange)
        let repeating = duration(reader, "stopped_reminder_repeat", in: Self.stoppedReminderRepeatRange)
        var library: DrugLibrary?
        var resolved: String?
        if let path {
            resolved = Self.resolve(path.value, relativeTo: file)
            switch DrugLibrary.load(path: resolved!) {
            case .success(let loaded): library = loaded
            case .failure(let errors):
                for issue in errors.issues {
                    if issue.kind == .file {
                        report(.file, path.keyPath, at: path.location, "\(issue.message) (\"\(resolved!)\", relative to the profile's directory)")
                    } else {
                        var issue = issue
                        issue.file = errors.file
                        report(issue)
                    }
                }
                return nil
            }
        }
        guard reader.contains("drug_library") == (path != nil), reader.contains("reservoir_warning_days") == (days != nil),
              reader.contains("stopped_reminder") == (reminder != nil), reader.contains("stopped_reminder_repeat") == (repeating != nil)
        else { return nil }
        let policy = TherapyPolicy(
            reservoirWarningHorizon: days.map { .days($0.value) } ?? defaults.reservoirWarningHorizon,
            stoppedReminderAfter: reminder ?? defaults.stoppedReminderAfter,
            stoppedReminderRepeat: repeating ?? defaults.stoppedReminderRepeat)
        return (ProgrammingProfile(drugLibraryPath: resolved, policy: policy), library)
    }

    /// An optional duration in the one grammar (`"1h"`, `"30min"`) within `range`.
    private func duration(_ reader: ProfileTableReader, _ key: String, in range: ClosedRange<TimeSpan>) -> TimeSpan? {
        guard let field = reader.quantity(key, .optional, as: .duration) else { return nil }
        let span = TimeSpan.seconds(field.value)
        guard range.contains(span) else {
            report(.invalidValue, field.keyPath, at: field.location,
                   "\(span.readable) is out of range: must be between \(range.lowerBound.readable) and \(range.upperBound.readable)")
            return nil
        }
        return span
    }

    /// `path` as written when absolute; otherwise in the directory of `profile` as that was given
    /// (`hw-profiles/sim.toml` + `drug-library.toml` = `hw-profiles/drug-library.toml`).
    static func resolve(_ path: String, relativeTo profile: String) -> String {
        guard !path.hasPrefix("/"), let slash = profile.lastIndex(of: "/") else { return path }
        return String(profile[...slash]) + path
    }
}
