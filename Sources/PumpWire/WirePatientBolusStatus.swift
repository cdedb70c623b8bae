public import PumpCore

/// `PatientBolusStatus`: patient boluses used and left in the trailing 24 hours, the lockout left
/// (s, rounded up), and when the next is allowed (absent: now).
public struct WirePatientBolusStatus: Codable, Sendable, Hashable {
    public var used: Int64
    public var left: Int64
    public var lockoutRemaining: Int64
    public var nextAllowedAt: String?

    public init(used: Int64, left: Int64, lockoutRemaining: Int64, nextAllowedAt: String?) {
        self.used = used
        self.left = left
        self.lockoutRemaining = lockoutRemaining
        self.nextAllowedAt = nextAllowedAt
    }

    public init(_ status: PatientBolusStatus) {
        self.init(
            used: Int64(status.used), left: Int64(status.left),
            lockoutRemaining: (status.lockoutRemaining.nanoseconds + 999_999_999) / 1_000_000_000,
            nextAllowedAt: status.nextAllowedAt?.description)
    }
}
