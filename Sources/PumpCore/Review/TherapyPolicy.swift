/// Clinical settings of a rig that are not dose arithmetic: when programming warns, and when a
/// stopped pump reminds people that it is stopped. From the profile's `[programming]` table.
public struct TherapyPolicy: Hashable, Sendable {
    /// A low or empty reservoir date within this of the review raises `reservoir-low-soon` or
    /// `reservoir-empty-soon`.
    public var reservoirWarningHorizon: TimeSpan
    /// Therapy left stopped (a clinician's or operator's stop, an acknowledged alarm's stop, a
    /// committed program that could not start) raises the `left-stopped` alarm after this long.
    public var stoppedReminderAfter: TimeSpan
    /// An acknowledged `left-stopped` alarm is raised again after this, while still stopped.
    public var stoppedReminderRepeat: TimeSpan

    public init(
        reservoirWarningHorizon: TimeSpan = .days(7), stoppedReminderAfter: TimeSpan = .hours(1),
        stoppedReminderRepeat: TimeSpan = .hours(1)
    ) {
        self.reservoirWarningHorizon = reservoirWarningHorizon
        self.stoppedReminderAfter = stoppedReminderAfter
        self.stoppedReminderRepeat = stoppedReminderRepeat
    }
}
