#if canImport(Glibc)
import Glibc
#endif
public import PumpCore

/// The real clocks: CLOCK_MONOTONIC for metering, CLOCK_REALTIME with the local UTC offset for
/// schedules.
public struct SystemClock: ClockSource {
    public init() {}

    public func now() -> ClockReading {
        ClockReading(monotonic: MonotonicInstant(nanoseconds: Self.monotonicNanoseconds()), wall: Self.wallNow())
    }

    public func realDeadline(for deadline: MonotonicInstant) -> Int64? { deadline.nanoseconds }

    public static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    public static func wallNow() -> CivilTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var local = tm()
        localtime_r(&seconds, &local)
        return CivilTime(unixNanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec), utcOffsetSeconds: Int32(local.tm_gmtoff))
    }
}
