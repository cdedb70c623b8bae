/// Drug delivered over the trailing 24 hours, in one-minute buckets on the monotonic clock, so
/// that bolus requests can be checked against the hourly and daily limits.
///
/// Each step adds its mass rounded up, so the totals are upper bounds: a limit check built on
/// them errs towards refusing. Fixed storage: recording never allocates.
public struct RollingDoseWindow: Sendable {
    static let buckets = 1440
    private var nanograms: [Int64]
    private var latestMinute: Int64

    public init(at instant: MonotonicInstant) {
        nanograms = [Int64](repeating: 0, count: Self.buckets)
        latestMinute = Self.minute(of: instant)
    }

    private static func minute(of instant: MonotonicInstant) -> Int64 {
        WideArithmetic.multiplyDivide(instant.nanoseconds, 1, 60_000_000_000)
    }

    /// The bucket of a minute; minutes before the clock's origin wrap like any other.
    private static func bucket(_ minute: Int64) -> Int {
        Int(((minute % Int64(buckets)) + Int64(buckets)) % Int64(buckets))
    }

    public mutating func record(_ mass: DrugMass, at instant: MonotonicInstant) {
        rollForward(to: instant)
        nanograms[Self.bucket(latestMinute)] += mass.nanograms
    }

    /// Drug delivered within `span` (at most 24 h) before `instant`, counted in whole minutes.
    public func delivered(within span: TimeSpan, before instant: MonotonicInstant) -> DrugMass {
        let now = Self.minute(of: instant)
        let minutes = min(Int64(Self.buckets), (span.nanoseconds + 59_999_999_999) / 60_000_000_000)
        var total: Int64 = 0
        for minute in (now - minutes + 1)...now where minute <= latestMinute && minute > latestMinute - Int64(Self.buckets) {
            total += nanograms[Self.bucket(minute)]
        }
        return DrugMass(nanograms: total)
    }

    private mutating func rollForward(to instant: MonotonicInstant) {
        let now = Self.minute(of: instant)
        guard now > latestMinute else { return }
        let cleared = min(now - latestMinute, Int64(Self.buckets))
        for offset in 1...cleared {
            nanograms[Self.bucket(latestMinute + offset)] = 0
        }
        latestMinute = now
    }
}
