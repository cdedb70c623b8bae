public import PumpCore
public import PumpHardware

/// Where a simulated rig keeps its physical state across daemon restarts (a `MappedRecordFile`: the
/// physics is updated at every step with no system call, and survives SIGKILL): the
/// reservoir, the catheter, what left the tip, the motor's counters, the battery, and the rig's
/// clock when it was last touched, so an accelerated clock carries on across the outage instead
/// of starting again at the real clock.
///
/// Fault switches are not kept (a harness sets them again); ENABLE reads inactive after a restart,
/// as the rig's pull resistor holds it when the process that drove it dies.
public final class SimulatedRigStore: Sendable {
    static let magic: UInt64 = 0x3154_5347_4952_4D50  // "PMRIGST1"
    let file: MappedRecordFile
    /// The state the file held when opened (nil: a new file).
    let saved: SavedRigState?

    /// How long `open` waits, at most, for a file another process holds (a pumpd exiting).
    public static let patience: Duration = .milliseconds(250)

    /// Opens (or creates) the store at `path` for a rig of `configuration`, locked for this
    /// process's life; refuses a torn, foreign or other rig's file. Held by another process after
    /// `patience` (another pumpd of the same state, which the state's lock refuses too), it throws
    /// `.inUse`, having read and written nothing: the rig's model writes into it as it starts.
    public static func open(
        path: String, configuration: SimulatedRigConfiguration, patience: Duration = patience
    ) throws(MappedRecordError) -> SimulatedRigStore {
        let (file, words) = try MappedRecordFile.open(
            path: path, magic: magic, version: 1, wordCount: SavedRigState.wordCount, exclusive: true, patience: patience)
        let saved = words.map(SavedRigState.init(words:))
        if let saved {
            let expected = (configuration.stepVolume.picolitres, configuration.catheterDeadVolume.picolitres)
            guard (saved.stepVolume, saved.deadVolume) == expected else {
                throw .mismatch(
                    path: path,
                    reason: "its step is \(saved.stepVolume) pL and dead volume \(saved.deadVolume) pL, the profile's \(expected.0) and \(expected.1)")
            }
        }
        return SimulatedRigStore(file: file, saved: saved)
    }

    private init(file: MappedRecordFile, saved: SavedRigState?) {
        self.file = file
        self.saved = saved
    }

    /// Whether the file held a rig's state when opened.
    public var resumed: Bool { saved != nil }

    /// Where an accelerated rig clock (`scale` × real time) stands now, continued from the saved
    /// state across the outage: the outage passes at the same scale as the rig's time did. Nil
    /// for a new store or after a reboot (the real monotonic clock restarted).
    public func continuedClock(scale: Int64, realNow: Int64? = nil) -> ClockReading? {
        let realNow = realNow ?? SystemClock.monotonicNanoseconds()
        guard let saved, realNow >= saved.realMonotonic else { return nil }
        let (elapsed, overflow) = (realNow - saved.realMonotonic).multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        return ClockReading(
            monotonic: MonotonicInstant(nanoseconds: saved.settledAt), wall: CivilTime(unixNanoseconds: saved.wall, utcOffsetSeconds: saved.wallOffset)
        ).advanced(by: .nanoseconds(elapsed))
    }

    func write(_ state: SimulatedRigState, wall: CivilTime) {
        let words = SavedRigState(state, wall: wall, realMonotonic: SystemClock.monotonicNanoseconds()).words
        file.write { slot in
            for index in 0..<SavedRigState.wordCount { slot[index] = UInt64(bitPattern: words[index]) }
        }
    }
}
