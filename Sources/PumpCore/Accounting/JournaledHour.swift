/// An hour the control loop closed after the last checkpoint, as the step journal noted it (see
/// `StepPositionJournal`): its start, the commanded position when it closed, and the state it
/// closed with. Every step before `position` was booked to this hour or an earlier one, every
/// step after it to a later one; so a restore books the journal's span hour by hour, each hour
/// with the volume its steps really made, instead of all of it to the hour of the last step.
public struct JournaledHour: Sendable, Hashable {
    /// Start of the UTC hour, nanoseconds since the Unix epoch.
    public var start: Int64
    /// The commanded position (pL) when the hour closed.
    public var position: Int64
    /// The state the session closed the hour with (`ClosedHour.State`).
    public var state: ClosedHour.State

    public init(start: Int64, position: Int64, state: ClosedHour.State) {
        self.start = start
        self.position = position
        self.state = state
    }

    /// The notes that split the span of steps from `from` to `to` (positions, pL) made after a
    /// checkpoint whose open hour started at `openHour`, oldest first: the newest run of `notes`
    /// (given oldest first) whose hours follow one another from `openHour` on and whose positions
    /// never go back and stay inside the span. Notes of an earlier life of the process, of hours
    /// the checkpoint already holds, or damaged ones do not fit and are left out; where an hour's
    /// note is missing (lost), the run stops before it, so no hour is ever booked a guess.
    public static func chain(_ notes: [JournaledHour], from: Int64, to: Int64, openHour: Int64) -> [JournaledHour] {
        var chain: [JournaledHour] = []
        // From the newest back: the newest notes are this span's (a restart rewrites none).
        var next: (start: Int64, position: Int64)?
        for note in notes.reversed() {
            guard note.start >= openHour, note.position >= from, note.position <= to else { continue }
            if let next, note.start >= next.start || note.position > next.position { continue }
            if let next, next.start - note.start != DeliveryByHour.hourNanoseconds { break }
            chain.append(note)
            next = (note.start, note.position)
        }
        // Only a run that starts at the checkpoint's hour splits the span truly: each hour's note
        // bounds its steps from both sides.
        guard let first = chain.last, first.start == openHour else { return [] }
        return chain.reversed()
    }

    /// The first and last hour (starts) the steps from `from` to `to` may have been made in, when
    /// `chain` does not split them truly; nil when it does. It does only when no wall-clock step
    /// was seen (`wallStepped`), every note of the span is in `chain` (no hour repeated, skipped
    /// or lost: a wall clock set back closes an hour twice), and the last step falls in the hour
    /// after the chain's last (`lastStepHours[0]`, measured forward from the checkpoint).
    /// `lastStepHours`: where the last step may fall, by each clock reading the restore has (from
    /// the checkpoint forward, from now back); the range covers them, the checkpoint's hour, and
    /// every noted hour and the hour each note opened.
    public static func unsplit(
        _ notes: [JournaledHour], chain: [JournaledHour], from: Int64, to: Int64, openHour: Int64, lastStepHours: [Int64], wallStepped: Bool
    ) -> ClosedRange<Int64>? {
        // This span's notes: a note at the checkpoint's position of an hour before it is older.
        let span = notes.filter { $0.position >= from && $0.position <= to && ($0.start >= openHour || $0.position > from) }
        let next = chain.last.map { $0.start + DeliveryByHour.hourNanoseconds } ?? openHour
        if !wallStepped, span.count == chain.count, next == lastStepHours.first { return nil }
        let hours = [openHour] + lastStepHours + span.flatMap { [$0.start, $0.start + DeliveryByHour.hourNanoseconds] }
        return hours.reduce(openHour, min)...hours.reduce(openHour, max)
    }
}
