#if canImport(Glibc)
import Glibc
#endif
public import PumpCore

/// A time zone as the time parser needs it: the UTC offset in force at any instant.
///
/// `system` is this machine's zone (`TZ` honoured, else /etc/localtime); tests build zones with
/// known daylight-saving changes, so parsing stays pure.
public struct LocalZone: Sendable {
    /// The offset (seconds east of UTC) in force at a Unix time in seconds.
    public let offsetSeconds: @Sendable (_ atUnixSeconds: Int64) -> Int32

    /// A zone whose offset at each instant `offsetSeconds` gives.
    public init(offsetSeconds: @escaping @Sendable (_ atUnixSeconds: Int64) -> Int32) { self.offsetSeconds = offsetSeconds }

    /// A zone that never changes its offset (`fixed(0)` is UTC).
    public static func fixed(_ seconds: Int32) -> LocalZone { LocalZone { _ in seconds } }

    /// This machine's zone, read through the C library (`localtime_r`), so `TZ` applies.
    public static var system: LocalZone {
        tzset()
        return LocalZone { unixSeconds in
            var seconds = time_t(unixSeconds)
            var local = tm()
            guard localtime_r(&seconds, &local) != nil else { return 0 }
            return Int32(local.tm_gmtoff)
        }
    }

    /// The instants a local day and time names here: one normally, none in a gap the clocks skip
    /// (spring forward), two in an hour they repeat (fall back), earlier first. Assumes at most
    /// one offset change within a day of the time, as in every real zone.
    public func instants(days: Int64, nanosecondsIntoDay: Int64) -> [CivilTime] {
        let localSeconds = days * 86_400 + nanosecondsIntoDay / 1_000_000_000
        let candidates = Set([offsetSeconds(localSeconds - 86_400), offsetSeconds(localSeconds), offsetSeconds(localSeconds + 86_400)])
        return candidates.compactMap { offset -> CivilTime? in
            guard let instant = DateTimeText.unixNanoseconds(days: days, nanosecondsIntoDay: nanosecondsIntoDay, offsetSeconds: offset),
                offsetSeconds(Self.floorSeconds(instant)) == offset
            else { return nil }
            return CivilTime(unixNanoseconds: instant, utcOffsetSeconds: offset)
        }.sorted()
    }

    /// `time`'s instant with the offset in force here then.
    public func civil(_ time: CivilTime) -> CivilTime {
        CivilTime(unixNanoseconds: time.unixNanoseconds, utcOffsetSeconds: offsetSeconds(Self.floorSeconds(time.unixNanoseconds)))
    }

    /// Days since 1970-01-01 of `time`'s local date here.
    public func days(of time: CivilTime) -> Int64 {
        let local = Self.floorSeconds(time.unixNanoseconds) + Int64(offsetSeconds(Self.floorSeconds(time.unixNanoseconds)))
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    static func floorSeconds(_ nanoseconds: Int64) -> Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
    }
}
