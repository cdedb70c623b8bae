/// io.pumpd.Pump's `PatientBolusStatus`: patient boluses used and left in the last 24 hours, the
/// lockout seconds left, and when the next one is allowed.
public struct PatientBolusState: Codable, Sendable, Hashable {
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
}
