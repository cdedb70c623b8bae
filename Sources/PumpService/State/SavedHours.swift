public import PumpCore

/// How much of a session's `deliveredByHour` the hourly history already holds: the hours of the
/// last copy saved, as they were then. The session's hours only grow between copies (taken in
/// order on the loop thread), so a save writes each hour's growth since the last one.
struct SavedHours: Sendable {
    private(set) var hours: [Int64: DeliveryByHour.Hour] = [:]
    /// Counts saves; odd while a save is writing (readers of the history retry then).
    private(set) var generation: Int64 = 0

    /// Each hour's growth in `copy` since the last save, earliest first (hours that did not grow
    /// are left out).
    func additions(for copy: DeliveryByHour) -> [DeliveryByHour.Hour] {
        copy.hours.compactMap { hour in
            let saved = hours[hour.start]
            let volume = hour.volume - (saved?.volume ?? .zero), mass = hour.mass - (saved?.mass ?? .zero)
            guard volume > .zero || mass > .zero else { return nil }
            return DeliveryByHour.Hour(start: hour.start, volume: max(volume, .zero), mass: max(mass, .zero))
        }
    }

    /// What `copy` holds of the hours starting at `from` ≤ start < `to` that no save has written yet.
    func unsaved(in copy: DeliveryByHour, from: Int64, to: Int64) -> (volume: Volume, mass: DrugMass) {
        var volume = Volume.zero, mass = DrugMass.zero
        for hour in additions(for: copy) where hour.start >= from && hour.start < to {
            volume += hour.volume
            mass += hour.mass
        }
        return (volume, mass)
    }

    mutating func beginSave() { generation += 1 }

    /// A save ended: with the copy it wrote, or nil when it wrote none (failed, or an older copy).
    mutating func endSave(wrote copy: DeliveryByHour?) {
        if let copy { hours = Dictionary(uniqueKeysWithValues: copy.hours.map { ($0.start, $0) }) }
        generation += 1
    }
}
