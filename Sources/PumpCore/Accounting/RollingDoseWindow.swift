/// Drug delivered over the trailing hour and 24 hours, in one-minute buckets on the monotonic
/// clock, for the dose limits: every step and every bolus request is checked against them.
///
/// Windows are rounded outward — the trailing hour counts the current minute and the 60 before it
/// — and each step adds its mass rounded up, so the totals are upper bounds and a check built on
/// them errs towards refusing. Running totals make a check O(1); fixed storage means recording
/// never allocates.
public struct RollingDoseWindow: Sendable {
    static let hourBuckets: Int64 = 61
    static let dayBuckets: Int64 = 1441
    private var nanograms: [Int64]
    private var latestMinute: Int64
    public private(set) var lastHour = DrugMass.zero
    public private(set) var lastDay = DrugMass.zero

    public init(at instant: MonotonicInstant) {
        nanograms = [Int64](repeating: 0, count: Int(Self.dayBuckets))
        latestMinute = Self.minute(of: instant)
    }

    private static func minute(of instant: MonotonicInstant) -> Int64 {
        WideArithmetic.multiplyDivide(instant.nanoseconds, 1, 60_000_000_000)
    }

    /// The bucket of a minute; minutes before the clock's origin wrap like any other.
    private static func bucket(_ minute: Int64) -> Int {
        Int(((minute % dayBuckets) + dayBuckets) % dayBuckets)
    }

    /// Every minute with drug in the window, as (whole minutes before the latest minute, ng).
    var minuteDoses: [(ageMinutes: Int64, nanograms: Int64)] {
        (0..<Self.dayBuckets).compactMap { age in
            let mass = nanograms[Self.bucket(latestMinute - age)]
            return mass == 0 ? nil : (age, mass)
        }
    }

    /// A window at `instant` holding `doses` given `ageMinutes` before its minute (older than a
    /// day is ignored).
    init(at instant: MonotonicInstant, restoring doses: [(ageMinutes: Int64, nanograms: Int64)]) {
        self.init(at: instant)
        for dose in doses where (0..<Self.dayBuckets).contains(dose.ageMinutes) && dose.nanograms > 0 {
            nanograms[Self.bucket(latestMinute - dose.ageMinutes)] += dose.nanograms
            lastDay += DrugMass(nanograms: dose.nanograms)
            if dose.ageMinutes < Self.hourBuckets { lastHour += DrugMass(nanograms: dose.nanograms) }
        }
    }

    public mutating func record(_ mass: DrugMass, at instant: MonotonicInstant) {
        rollForward(to: instant)
        nanograms[Self.bucket(latestMinute)] += mass.nanograms
        lastHour += mass
        lastDay += mass
    }

    /// Brings the windows to `instant`: minutes that left them stop counting. Each leaving minute
    /// is taken off the running totals (exact integers): no re-summing of the day's buckets.
    public mutating func rollForward(to instant: MonotonicInstant) {
        let now = Self.minute(of: instant)
        guard now > latestMinute else { return }
        let gap = now - latestMinute
        var day = lastDay.nanograms, hour = lastHour.nanograms
        if gap >= Self.hourBuckets {
            hour = 0
        } else {
            // The minutes latestMinute − 60 … now − 61 leave the hour (read before any is reused).
            for minute in (latestMinute - Self.hourBuckets + 1)...(now - Self.hourBuckets) {
                hour -= nanograms[Self.bucket(minute)]
            }
        }
        if gap >= Self.dayBuckets {
            day = 0
            for index in nanograms.indices { nanograms[index] = 0 }
        } else {
            for offset in 1...gap {
                let reused = Self.bucket(latestMinute + offset)  // reused: the minute a day ago leaves
                day -= nanograms[reused]
                nanograms[reused] = 0
            }
        }
        latestMinute = now
        lastDay = DrugMass(nanograms: day)
        lastHour = DrugMass(nanograms: hour)
    }

    /// Drug delivered within `span` (at most 24 h) before `instant`, in whole minutes rounded
    /// outward.
    public func delivered(within span: TimeSpan, before instant: MonotonicInstant) -> DrugMass {
        let now = Self.minute(of: instant)
        let minutes = min(Self.dayBuckets, (span.nanoseconds + 59_999_999_999) / 60_000_000_000 + 1)
        var total: Int64 = 0
        for minute in (now - minutes + 1)...now where minute <= latestMinute && minute > latestMinute - Self.dayBuckets {
            total += nanograms[Self.bucket(minute)]
        }
        return DrugMass(nanograms: total)
    }
}
