#if canImport(Glibc)
import Glibc
#endif
public import PumpCore

/// The real clocks: CLOCK_MONOTONIC for metering, CLOCK_REALTIME with the local UTC offset for
/// schedules.
public struct SystemClock: ClockSource {
    /// One per process: every instance reads the same zone.
    private static let offsets = UTCOffsetCache()

    public init() {}

    public func now() -> ClockReading {
        let monotonic = Self.monotonicNanoseconds()
        return ClockReading(monotonic: MonotonicInstant(nanoseconds: monotonic), wall: Self.wallNow { Self.offsets.offset(atUnixSeconds: $0) })
    }

    public func monotonicNow() -> MonotonicInstant { MonotonicInstant(nanoseconds: Self.monotonicNanoseconds()) }

    public func realDeadline(for deadline: MonotonicInstant) -> Int64? { deadline.nanoseconds }

    public static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    public static func wallNow() -> CivilTime { wallNow(offset: UTCOffsetCache.localOffset(atUnixSeconds:)) }

    private static func wallNow(offset: (Int64) -> Int32) -> CivilTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return CivilTime(unixNanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec), utcOffsetSeconds: offset(Int64(ts.tv_sec)))
    }
}
