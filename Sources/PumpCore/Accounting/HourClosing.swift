import PumpCore

/// Which wall-clock hours are complete, judged from the wall times of successive checkpoint saves,
/// so each completed hour is reported (journal, log) once.
///
/// The delivery itself is booked by the therapy core to the hour each step was made in
/// (`DeliveryByHour`); a save writes it. An hour is complete once a save lands in a later hour: the
/// first save in hour H closes every hour from the previous save's hour up to H, each exactly
/// once, and reports its total with everything that save wrote to it. Pure value type; the state
/// keeper holds one and asks it at each save.
///
/// Edge cases, decided:
/// - The hours between two saves (the daemon was down, or nothing was saved) close with the first
///   save after them, at most `maximumHoursPerSave` of them, oldest first; beyond that an outage
///   or a wall clock set ahead is reported by its own event (deliveryGap, wallClockJumped), not by
///   a row of empty hours.
/// - A wall clock set back closes nothing and reopens the earlier hour: that hour can then be
///   closed (reported) a second time, with its grown total.
public struct HourClosing: Sendable, Hashable {
    /// The start of the hour the last save added to (ns since the epoch, a whole UTC hour).
    public private(set) var openHour: Int64

    /// One hour in nanoseconds.
    public static let hourNanoseconds = DeliveryByHour.hourNanoseconds
    /// Most hours one save closes.
    public static let maximumHoursPerSave = 24

    /// Opens the hour that `wallNanoseconds` (the last save's wall time, or now) falls in.
    public init(lastSaveAt wallNanoseconds: Int64) {
        openHour = Self.hourStart(of: wallNanoseconds)
    }

    /// The start of the UTC hour `wallNanoseconds` falls in (floor, also before 1970).
    public static func hourStart(of wallNanoseconds: Int64) -> Int64 { DeliveryByHour.hourStart(of: wallNanoseconds) }

    /// Whether a save at `wallNanoseconds` would close an hour.
    public func closes(at wallNanoseconds: Int64) -> Bool { Self.hourStart(of: wallNanoseconds) > openHour }

    /// A save at `wallNanoseconds`: returns the starts of the hours it completes, oldest first
    /// (empty within the same hour or after a clock set back), and opens the save's hour.
    public mutating func save(at wallNanoseconds: Int64) -> [Int64] {
        let hour = Self.hourStart(of: wallNanoseconds)
        defer { openHour = hour }
        guard hour > openHour else { return [] }
        let count = min((hour - openHour) / Self.hourNanoseconds, Int64(Self.maximumHoursPerSave))
        return (0..<count).map { openHour + $0 * Self.hourNanoseconds }
    }
}
