/// Delivery a restore booked to one hour although the step journal cannot say which hours its
/// steps fell in (the wall clock stepped inside the unsaved span, or an hour's note is missing or
/// repeated; see `JournaledHour.unsplit`). The hourly rows carry no flag, so the restore's event
/// states it: `volume` is booked to the hour starting at `bookedTo`, and belongs to one or more
/// of the hours from `first` to `last` (hour starts, nanoseconds since the Unix epoch).
public struct UnsplitHours: Sendable, Hashable {
    public var volume: Volume
    public var bookedTo: Int64
    public var first: Int64
    public var last: Int64

    public init(volume: Volume, bookedTo: Int64, first: Int64, last: Int64) {
        self.volume = volume
        self.bookedTo = bookedTo
        self.first = first
        self.last = last
    }
}

extension UnsplitHours: CustomStringConvertible {
    public var description: String {
        let hour = { (start: Int64) in CivilTime(unixNanoseconds: start, utcOffsetSeconds: 0).description }
        return "\(volume) is booked to the hour from \(hour(bookedTo)), but which hours it was delivered in is unknown "
            + "(wall clock stepped or hour notes missing): any from \(hour(first)) to \(hour(last))"
    }
}
