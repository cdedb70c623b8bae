#if canImport(Glibc)
import Glibc
#endif
public import PumpCore

/// The real clocks: CLOCK_MONOTONIC for metering, CLOCK_REALTIME with the local UTC offset for
/// schedules.
public struct SystemClock: ClockSource {
    /// One per process: every instance reads the same zone.
    private static let offsets = UTCOffsetCache()
    /// One per process: the wall clock's offset from the monotonic clock, held across readings.
    private static let wallOffset = WallClockOffset()

    public init() {}

    public func now() -> ClockReading {
        let monotonic = Self.monotonicNanoseconds()
        let wall = Self.wallOffset.wall(monotonic: monotonic, realtime: Self.realtimeNanoseconds())
        return ClockReading(monotonic: MonotonicInstant(nanoseconds: monotonic), wall: Self.civilTime(unixNanoseconds: wall, offset: Self.offsets.offset(atUnixSeconds:)))
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
        civilTime(unixNanoseconds: realtimeNanoseconds(), offset: offset)
    }

    private static func realtimeNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    private static func civilTime(unixNanoseconds: Int64, offset: (Int64) -> Int32) -> CivilTime {
        let seconds = unixNanoseconds >= 0 ? unixNanoseconds / 1_000_000_000 : (unixNanoseconds + 1) / 1_000_000_000 - 1
        return CivilTime(unixNanoseconds: unixNanoseconds, utcOffsetSeconds: offset(seconds))
    }
}
