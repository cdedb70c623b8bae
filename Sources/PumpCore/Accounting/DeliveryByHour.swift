/// Delivery booked to the wall-clock hour in which each step was commanded: the source of the
/// hourly delivery history and of "delivered today".
///
/// Hours are UTC hours (whole multiples of one hour since the epoch), keyed by the wall time of
/// the step, so an hour boundary splits delivery exactly where the steps fall, whatever the
/// checkpoint cadence. Totals only grow. Volume is booked as the change of the commanded position
/// in whole nanolitres (the sub-nanolitre rest carries to the next step) and mass as the change of
/// the ledger's exact delivered mass, so the hours' sums telescope: they equal what the ledger
/// counted over the same steps exactly.
///
/// Wall-clock steps: a step is booked by the wall time it happened at. A wall clock set back books
/// the following steps into the earlier hours again (their totals grow); nothing already booked is
/// moved, dropped or counted twice. A wall clock set ahead books into the later hours.
///
/// Holds at most `capacity` hours (the checkpoint writes them long before: it is due at every new
/// hour and at least every checkpoint interval while steps move); beyond that the earliest hour is
/// forgotten here, never in the history already written.
public struct DeliveryByHour: Sendable, Hashable {
    /// One hour's delivery.
    public struct Hour: Sendable, Hashable {
        /// Start of the UTC hour, nanoseconds since the Unix epoch.
        public var start: Int64
        public var volume: Volume
        public var mass: DrugMass

        public init(start: Int64, volume: Volume, mass: DrugMass) {
            self.start = start
            self.volume = volume
            self.mass = mass
        }
    }

    /// The hours with a booking, earliest start first.
    public private(set) var hours: [Hour] = []
    /// What the hours forgotten beyond `capacity` held: with `hours` it sums to everything booked.
    public private(set) var forgottenVolume = Volume.zero
    public private(set) var forgottenMass = DrugMass.zero

    /// One hour in nanoseconds.
    public static let hourNanoseconds: Int64 = 3_600_000_000_000
    /// Most hours kept: three days, so a local day under any offset and clock steps both ways fit.
    public static let capacity = 72

    /// Room for every hour kept, made here: booking a new hour on the loop thread never allocates.
    public init() {
        hours.reserveCapacity(Self.capacity + 1)
    }

    /// The start of the UTC hour `wallNanoseconds` falls in (floor, also before 1970).
    public static func hourStart(of wallNanoseconds: Int64) -> Int64 {
        wallNanoseconds - ((wallNanoseconds % hourNanoseconds) + hourNanoseconds) % hourNanoseconds
    }

    /// Books `volume` and `mass` to the hour of `wallNanoseconds`.
    public mutating func book(volume: Volume, mass: DrugMass, at wallNanoseconds: Int64) {
        guard volume > .zero || mass > .zero else { return }
        let start = Self.hourStart(of: wallNanoseconds)
        // The newest hour is the usual one: search from the end.
        var index = hours.endIndex
        while index > hours.startIndex, hours[index - 1].start > start { index -= 1 }
        if index > hours.startIndex, hours[index - 1].start == start {
            hours[index - 1].volume += volume
            hours[index - 1].mass += mass
            return
        }
        hours.insert(Hour(start: start, volume: volume, mass: mass), at: index)
        if hours.count > Self.capacity {
            let earliest = hours.removeFirst()
            forgottenVolume += earliest.volume
            forgottenMass += earliest.mass
        }
    }

    /// The total of the hours starting at `from` ≤ start < `to` (nanoseconds since the epoch).
    public func total(from: Int64, to: Int64) -> (volume: Volume, mass: DrugMass) {
        var volume = Volume.zero, mass = DrugMass.zero
        for hour in hours where hour.start >= from && hour.start < to {
            volume += hour.volume
            mass += hour.mass
        }
        return (volume, mass)
    }

    /// The hours that make up the local calendar day of `wall`, under the UTC offset in force at
    /// `wall`: the hours starting at or after local midnight and before the next one (24 h later).
    /// With an offset that is not a whole hour, the UTC hour holding midnight counts for the next
    /// day. Returns `from` ≤ start < `to` bounds, in nanoseconds since the epoch.
    public static func localDay(of wall: CivilTime) -> (from: Int64, to: Int64) {
        let midnight = wall.localDaysSinceEpoch * TimeSpan.day.nanoseconds - Int64(wall.utcOffsetSeconds) * 1_000_000_000
        return (midnight, midnight + TimeSpan.day.nanoseconds)
    }
}
