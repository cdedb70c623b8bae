extension TherapySession {
    /// Books the steps a restore takes from the step journal, from position `from` to `to` (pL),
    /// the last of them noted at `last`. With `hours` (a `JournaledHour.chain`), each hour gets
    /// the steps between its note and the one before, as the loop booked them step by step (the
    /// ledger's volume and mass telescope, so booking a stretch at once gives the same hour
    /// totals); what follows the last note goes to the hour of the last step. The dose-limit
    /// windows take all of it at the last step, the safe side for them. Returns the volume booked.
    @discardableResult
    mutating func bookJournaled(from: Int64, to: Int64, hours: [JournaledHour], history: TipConcentrationHistory, at last: ClockReading) -> Volume {
        var position = from
        var booked = Volume.zero
        let stretches = hours.map { ($0.position, $0.start) } + [(to, last.wall.unixNanoseconds)]
        for (end, wall) in stretches where end > position {
            let moved = ledger.recordStep(StepVolume(picolitres: end - position), history: history, at: last.monotonic)
            deliveredByHour.book(volume: moved.volume, mass: moved.mass, at: wall)
            booked += moved.volume
            position = end
        }
        return booked
    }
}
