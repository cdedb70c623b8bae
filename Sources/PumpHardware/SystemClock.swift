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

    /// The two above, held by each instance: a read then goes through no lazy global's
    /// `swift_once` check (two calls into the runtime, each a cold page after the real-time loop's
    /// 100 ms asleep, issue 13).
    private let offsetCache: UTCOffsetCache
    private let heldOffset: WallClockOffset

    public init() {
        offsetCache = Self.offsets
        heldOffset = Self.wallOffset
    }

    public func now() -> ClockReading {
        let monotonic = Self.monotonicNanoseconds()
        let wall = heldOffset.wall(monotonic: monotonic, realtime: Self.realtimeNanoseconds())
        return ClockReading(monotonic: MonotonicInstant(nanoseconds: monotonic), wall: Self.civilTime(unixNanoseconds: wall, offset: offsetCache.offset(atUnixSeconds:)))
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
