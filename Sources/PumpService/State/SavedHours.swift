public import PumpCore

/// How much of a session's `deliveredByHour` the hourly history holds: the hours of the last copy
/// saved, as they were then, and those of the copy a save is writing. The session's hours only
/// grow between copies (taken in order on the loop thread), so a save writes each hour's growth
/// since the last one.
///
/// A save adds its hours in the same transaction as its checkpoint, so the newest checkpoint's
/// generation in a snapshot of the history says which copy that snapshot holds: the one being
/// written once its generation is visible (committed, even before the save has ended), else the
/// last one saved. A reader that picks the copy by that never counts a save's hours twice.
struct SavedHours: Sendable {
    private(set) var hours: [Int64: DeliveryByHour.Hour] = [:]
    /// The copy a save is writing and the generation of the checkpoint it writes with it, from
    /// the moment that generation is known until the save ends.
    private(set) var writing: (generation: Int64, hours: [Int64: DeliveryByHour.Hour])?
    /// Counts saves that ended: a reader whose snapshot spans an end reads again.
    private(set) var ended: Int64 = 0

    /// Each hour's growth in `copy` since the last save, earliest first (hours that did not grow
    /// are left out).
    func additions(for copy: DeliveryByHour) -> [DeliveryByHour.Hour] {
        Self.growth(of: copy, since: hours)
    }

    /// What `copy` holds of the hours starting at `from` ≤ start < `to` that a snapshot of the
    /// history whose newest checkpoint is `generation` does not. Nil `generation` (the snapshot
    /// cannot be matched to a copy): counted against the newest copy known, so a save's hours are
    /// never counted twice (at worst the ones in flight are left out until it ends).
    func unsaved(in copy: DeliveryByHour, from: Int64, to: Int64, snapshotGeneration generation: Int64?) -> (volume: Volume, mass: DrugMass) {
        var baseline = hours
        if let writing, generation.map({ $0 >= writing.generation }) ?? true { baseline = writing.hours }
        var volume = Volume.zero, mass = DrugMass.zero
        for hour in Self.growth(of: copy, since: baseline) where hour.start >= from && hour.start < to {
            volume += hour.volume
            mass += hour.mass
        }
        return (volume, mass)
    }

    /// A save is writing `copy` with the checkpoint of `generation` (called inside its
    /// transaction, before the commit).
    mutating func writing(_ copy: DeliveryByHour, checkpointGeneration generation: Int64) {
        writing = (generation, Self.keyed(copy))
    }

    /// A save ended: with the copy it wrote, or nil when it wrote none (failed, or an older copy).
    mutating func endSave(wrote copy: DeliveryByHour?) {
        if let copy { hours = Self.keyed(copy) }
        writing = nil
        ended += 1
    }

    private static func keyed(_ copy: DeliveryByHour) -> [Int64: DeliveryByHour.Hour] {
        Dictionary(uniqueKeysWithValues: copy.hours.map { ($0.start, $0) })
    }

    private static func growth(of copy: DeliveryByHour, since saved: [Int64: DeliveryByHour.Hour]) -> [DeliveryByHour.Hour] {
        copy.hours.compactMap { hour in
            let before = saved[hour.start]
            let volume = hour.volume - (before?.volume ?? .zero), mass = hour.mass - (before?.mass ?? .zero)
            guard volume > .zero || mass > .zero else { return nil }
            return DeliveryByHour.Hour(start: hour.start, volume: max(volume, .zero), mass: max(mass, .zero))
        }
    }
}
