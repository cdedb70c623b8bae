/// Everything a therapy session needs to carry on after the process or the power went away: the
/// program, the reservoir, where the pump stands, the fluid path, the dose already given inside the
/// limit windows, the alarms, and what was running.
///
/// Instants are stored as ages before `savedAt` (nanoseconds), never as monotonic clock values:
/// the monotonic clock restarts with the machine, so a restore re-anchors every age on the new
/// clock. Plain integers and strings throughout, so the record survives code changes and reads
/// back the same from the database.
public struct TherapyCheckpoint: Hashable, Sendable, Codable {
    /// What was moving when the checkpoint was taken.
    public enum Activity: String, Hashable, Sendable, Codable {
        case running, priming, primingThenRun, stoppedIdle, stoppedByClinician, stoppedByAlarm, stoppedForShutdown
    }

    /// One concentration change in the fluid path: fluid entering the pump tubing from pump
    /// position `fromPosition` (pL) on has `concentration` (µg/mL).
    public struct PathEntry: Hashable, Sendable, Codable {
        public var fromPosition: Int64
        public var concentration: Int64
    }

    /// Drug given in one minute of the rolling dose windows, `ageMinutes` whole minutes before the
    /// checkpoint's minute.
    public struct MinuteDose: Hashable, Sendable, Codable {
        public var ageMinutes: Int64
        public var nanograms: Int64
    }

    /// An alarm that was live.
    public struct AlarmState: Hashable, Sendable, Codable {
        public var kind: AlarmKind
        public var raisedAt: Int64
        public var raisedAtOffset: Int32
        public var evidence: String
        public var causePresent: Bool
        public var acknowledgedAt: Int64?
        /// The latest acknowledgement (absent in checkpoints from before it was kept: the first).
        public var lastAcknowledgedAt: Int64?
        public var causeClearedAt: Int64?
    }

    /// A bolus or priming that was under way; restores end it (an outage never resumes a bolus).
    public struct TaskState: Hashable, Sendable, Codable {
        public var kind: String
        public var plannedNanolitres: Int64
        public var deliveredNanolitres: Int64
        /// Its flow, pL/day: bounds what it can have pushed during an outage.
        public var rate: Int64
    }

    /// Wall clock at the checkpoint, UTC nanoseconds, and its UTC offset.
    public var savedAtWall: Int64
    public var savedAtOffset: Int32
    /// The monotonic clock at the checkpoint: exact outage length when the machine did not reboot.
    public var savedAtMonotonic: Int64
    /// Pump position commanded (pL since the rig started).
    public var position: Int64
    /// Calibrated step volume (pL).
    public var stepVolume: Int64
    public var prescription: Prescription?
    public var fillVolume: Int64
    public var fillDrug: Drug
    public var fillTime: Int64
    public var fillOffset: Int32
    public var fillPosition: Int64
    public var path: [PathEntry]
    public var activity: Activity
    /// How long before the checkpoint delivery stopped (when stopped and a gap is still owed).
    public var stoppedAge: Int64?
    /// Ledger: exact mass of closed concentration runs (ng), the open run (pL at µg/mL), drug-free
    /// volume pushed (pL), volume missed (nL).
    public var closedMass: Int64
    public var runVolume: Int64
    public var runConcentration: Int64
    public var drugFreeVolume: Int64
    public var missedVolume: Int64
    /// What restores counted as possibly pushed but could not know was delivered, summed over
    /// every restore since the ledger began: the delivered dose is `closedMass` + the open run, up
    /// to `unrecordedMass` ng (`unrecordedVolume` pL) more. Absent in checkpoints of older builds
    /// (read as zero).
    public var unrecordedMass: Int64?
    public var unrecordedVolume: Int64?
    public var recentDoses: [MinuteDose]
    /// Ages of patient bolus starts within the last 24 h (ns).
    public var patientBolusAges: [Int64]
    /// Age of the last periodic bolus start (ns), so a restart never gives the next one early.
    public var lastPeriodicStartAge: Int64?
    /// Age of the left-stopped alarm's acknowledgement while therapy stayed stopped (ns): the
    /// reminder repeats from it. Absent in checkpoints of older builds.
    public var leftStoppedAcknowledgedAge: Int64?
    public var alarms: [AlarmState]
    public var tasks: [TaskState]
    /// Stall retries made since a clinician last resumed (issue 14, motion). Absent in
    /// checkpoints of older builds (read as none).
    public var stallRetriesUsed: Int?
}
