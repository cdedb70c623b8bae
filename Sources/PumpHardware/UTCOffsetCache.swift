#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The local UTC offset of the last whole second asked about, so a clock read ten times a second
/// converts to local time once a second instead of every read (issue 13: `localtime_r` was a
/// visible part of an idle loop wake).
///
/// Exact, not an approximation: the offset is a function of the whole second alone (zone
/// transitions fall on whole seconds, and glibc's `localtime_r` loads the zone once per process),
/// so a new second, whichever way the wall clock moved, is always converted afresh. Any thread.
final class UTCOffsetCache: Sendable {
    /// (second << 20) | (offset + 2^19): one word, so a reader never pairs a second with another's
    /// offset. `Int64.min`: nothing cached yet.
    private let packed = Atomic<Int64>(.min)
    private static let offsetBias: Int64 = 1 << 19
    private static let secondRange: ClosedRange<Int64> = -(1 << 42)...(1 << 42)
    private let convert: @Sendable (Int64) -> Int32

    /// `convert`: the offset at a Unix second, asked on every new second (the process's zone by
    /// default; a test's own zone).
    init(convert: @escaping @Sendable (Int64) -> Int32 = UTCOffsetCache.localOffset(atUnixSeconds:)) {
        self.convert = convert
    }

    /// The process's local UTC offset at `unixSeconds`, as `localtime_r` gives it.
    static func localOffset(atUnixSeconds unixSeconds: Int64) -> Int32 {
        var seconds = time_t(unixSeconds)
        var local = tm()
        localtime_r(&seconds, &local)
        return Int32(truncatingIfNeeded: local.tm_gmtoff)
    }

    /// The local UTC offset, in seconds, at `unixSeconds`.
    func offset(atUnixSeconds unixSeconds: Int64) -> Int32 {
        let cached = packed.load(ordering: .relaxed)
        if cached != .min, cached >> 20 == unixSeconds {
            return Int32(truncatingIfNeeded: (cached & 0xF_FFFF) - Self.offsetBias)
        }
        let offset = Int64(convert(unixSeconds))
        // Seconds beyond ±139 000 years or offsets beyond ±6 days are converted every time.
        if Self.secondRange.contains(unixSeconds), abs(offset) < Self.offsetBias {
            packed.store(unixSeconds << 20 | (offset + Self.offsetBias), ordering: .relaxed)
        }
        return Int32(truncatingIfNeeded: offset)
    }
}
