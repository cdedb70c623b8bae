import Synchronization

/// The wall clock's offset from the monotonic clock, held steady across readings that differ only
/// by the time between the two clock reads (issue 13: that skew, tens of nanoseconds, looked like a
/// wall-clock step to the metering planner, which re-planned at every idle wake).
///
/// On Linux CLOCK_REALTIME and CLOCK_MONOTONIC are slewed together (NTP frequency and offset
/// corrections move both); their difference changes only when the wall clock is stepped (set by
/// hand, an NTP step, a resume from suspend). So a reading whose measured offset is within
/// `tolerance` of the one held is given the held offset, and any larger difference is a step:
/// its offset is held from then on. A wall reading is never more than `tolerance` from the
/// CLOCK_REALTIME read it came with. Any thread.
final class WallClockOffset: Sendable {
    /// 10 µs: far above the skew of two vDSO reads (or two system calls in a guest), far below
    /// anything a schedule can see (steps are at least a millisecond apart).
    static let tolerance: Int64 = 10_000

    /// CLOCK_REALTIME − CLOCK_MONOTONIC in nanoseconds; `Int64.min` until the first reading.
    private let held = Atomic<Int64>(.min)

    init() {}

    /// The wall time, in Unix nanoseconds, for a monotonic and a realtime reading taken together.
    func wall(monotonic: Int64, realtime: Int64) -> Int64 {
        let measured = realtime &- monotonic
        let offset = held.load(ordering: .relaxed)
        if offset != .min, measured.distance(to: offset).magnitude <= UInt64(Self.tolerance) {
            return monotonic &+ offset
        }
        held.store(measured, ordering: .relaxed)
        return realtime
    }
}
