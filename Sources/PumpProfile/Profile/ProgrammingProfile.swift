public import PumpCore

/// The profile's `[programming]` table: the drug library programs and refills are checked against
/// and the clinical policy (`TherapyPolicy`). Optional: a profile without it, or without
/// `drug_library`, has no drug library (pumpd says so when it starts) and the policy's defaults.
public struct ProgrammingProfile: Hashable, Sendable {
    /// `drug_library` resolved against the profile's directory (as the profile's own path was
    /// given, so messages read like it); nil: no library.
    public var drugLibraryPath: String?
    /// `reservoir_warning_days`, `stopped_reminder`, `stopped_reminder_repeat`.
    public var policy: TherapyPolicy

    public static let defaults = ProgrammingProfile(drugLibraryPath: nil, policy: TherapyPolicy())

    public init(drugLibraryPath: String?, policy: TherapyPolicy) {
        self.drugLibraryPath = drugLibraryPath
        self.policy = policy
    }
}
