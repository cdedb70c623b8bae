/// What the pump must do in a scenario. Times are seconds on the scenario's timeline; volumes nL.
public struct Expectation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An alarm of `alarm` (io.pumpd.Pump's kind, e.g. "occlusion") is raised no earlier than
        /// `after` and no later than `after + within`.
        case alarmRaised(alarm: String, after: Int64, within: Int64)
        /// No alarm of `alarm` is raised between `from` and `to`.
        case alarmAbsent(alarm: String, from: Int64, to: Int64)
        /// From at most `within` after `after`, the motor is disabled and makes no forward step
        /// until `until`.
        case motorStopped(after: Int64, within: Int64, until: Int64)
        /// From the first raise of `alarm` until `until` (or until the alarm is no longer active),
        /// the motor makes at most one forward step (one already under way).
        case noDeliveryAfterAlarm(alarm: String, until: Int64)
        /// The volume pumped (motor steps × step volume) or delivered at the catheter tip from
        /// `from` to `to` is `expected` ± `tolerance`.
        case delivered(from: Int64, to: Int64, measure: DeliveryMeasure, expected: Int64, tolerance: Int64)
        /// The volume pumped or delivered at the tip from `from` to `to` is at most `atMost`: a bound,
        /// not a rate (what a fault let through: the post-occlusion bolus limit, the steps a stall
        /// retry may make, free flow before its alarm).
        case deliveredAtMost(from: Int64, to: Int64, measure: DeliveryMeasure, atMost: Int64)
        /// In `window` seconds after `after` (typically a restart), the motor pumps no more than
        /// the program's rate allows plus `toleranceSteps` steps: nothing missed is caught up;
        /// and, when `resumes`, at least the rate's volume minus `toleranceSteps` steps.
        case noCatchUp(after: Int64, window: Int64, rateNanolitresPerDay: Int64, toleranceSteps: Int64, resumes: Bool)
        /// The event log holds an event of `kind` between `after` and `after + within`, by a
        /// caller of `role` when given, whose detail or summary contains `contains` when given.
        case event(kind: String, after: Int64, within: Int64, role: String?, contains: String?)
        /// The event log holds no event of `kind` between `from` and `to`.
        case eventAbsent(kind: String, from: Int64, to: Int64)
        /// Every sample between `from` and `to` has `field` (a dotted path into the sample:
        /// `truth.reservoirVolume`, `status.missedTotal`, `status.reservoir.remaining`) within the bounds.
        case sampleBounds(field: String, from: Int64, to: Int64, atLeast: Int64?, atMost: Int64?)
        /// The time `field` predicted at `at` (an RFC 3339 status field such as
        /// `status.reservoir.emptyAt`) is within `tolerance` seconds of when `alarm` was actually raised.
        case prediction(field: String, at: Int64, alarm: String, tolerance: Int64)
    }

    public enum DeliveryMeasure: String, Sendable, Hashable {
        /// Forward motor steps × the step volume: what the pump pushed.
        case pumped
        /// Volume out of the catheter tip (the simulated rig's truth, a balance on a real one).
        case tip
    }

    public var kind: Kind
    /// What it checks, in words, for reports (from the file's `name`, or made from the kind).
    public var name: String
    public var origin: String

    public init(kind: Kind, name: String, origin: String) {
        self.kind = kind
        self.name = name
        self.origin = origin
    }

    /// The window that must be sampled at the finest resolution: only where a verdict rests on
    /// samples (whether the motor still moves); alarms and events are timed by the event log.
    public var sampledWindow: ClosedRange<Int64>? {
        if case .motorStopped(let after, let within, _) = kind { return after...(after + within) }
        return nil
    }
}
