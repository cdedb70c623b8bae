/// Something that changed therapy, for the journal, the event log and watchers. Routine steps are
/// not events.
public struct TherapyEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `accepted`: the warning codes the commit accepted and the reason for any override (the
        /// caller is the event's actor).
        case programCommitted(old: ProgramSummary?, new: ProgramSummary, accepted: WarningAcceptance)
        case deliveryStarted
        case deliveryStopped(StopCause)
        /// Delivery should have started (after a program or priming) but could not.
        case deliveryNotStarted(TherapyError)
        case bolusStarted(VolumeTask.Kind, dose: DrugMass, volume: Volume, duration: TimeSpan)
        /// `volume`: what the motor moved for the bolus (not its target).
        case bolusCompleted(VolumeTask.Kind, volume: Volume)
        /// `delivered`: what the motor moved for the bolus before it was cut short.
        case bolusInterrupted(VolumeTask.Kind, delivered: Volume, planned: Volume)
        case primingStarted(volume: Volume)
        case primingCompleted(volume: Volume)
        case periodicBolusSkipped
        case refilled(RefillOutcome)
        /// `run`: what a calibration run measured, when the calibration came from one.
        case calibrated(old: StepVolume, new: StepVolume, run: CalibrationRunMeasurement? = nil)
        case alarmRaised(Alarm)
        case alarmCleared(Alarm)
        case alarmAcknowledged(AlarmKind)
        case wallClockJumped(by: TimeSpan)
        /// Delivery was off (stop, alarm or outage); `missed` was owed by the program and will not
        /// be delivered.
        case deliveryGap(duration: TimeSpan, missed: Volume)
        /// The control loop woke `duration` after its deadline (the process was stopped or
        /// starved); `missed` is what the program would have delivered in the gap and never will
        /// (no catch-up).
        case loopStalled(duration: TimeSpan, missed: Volume)
        /// The session was restored after an outage of `outage`; up to `unrecorded` may have been
        /// pushed after the last checkpoint (counted as pushed for the reservoir, missed for dosing).
        /// `unsplit`: delivery the step journal proves but cannot place in its hours (booked to one).
        case restored(outage: TimeSpan, unrecorded: Volume, unsplit: UnsplitHours? = nil)

        // Issue 14 (linecal): the line test after an occlusion and the calibration run.
        /// A line test began: it pushes at most `volume` at `rate` with the line watched.
        case lineTestStarted(volume: Volume, rate: VolumeRate)
        /// The line was shown open: `volume` pushed in `duration` with every sample clear.
        case lineTestPassed(volume: Volume, duration: TimeSpan)
        /// The line was not shown open (`evidence`) after `volume` was pushed.
        case lineTestFailed(volume: Volume, evidence: String)
        /// A calibration run began: `steps` at `rate`.
        case calibrationRunStarted(steps: Int64, rate: VolumeRate)
        /// A calibration run ended after `made` of `steps` (`completed`: all of them), `volume` accounted.
        case calibrationRunFinished(steps: Int64, made: Int64, volume: Volume, completed: Bool)
        // Motion verification (issue 14, motion).
        /// The motor stalled (`evidence`) and the profile's stall-retry policy allowed retry
        /// `attempt` of `retries`: the motor is disabled for the spacing (and, with `reversed`,
        /// moved one step back) before delivery carries on. `unseen`: steps commanded but not seen
        /// moving in this attempt (accounted as delivered and never re-commanded: no catch-up).
        case stallRetry(attempt: Int, retries: Int, unseen: Int64, reversed: Bool, evidence: String)
        // Issue 14, alarm outputs.
        /// The alarms' sound was paused until `until` (`duration` from the request); the lamps go on
        /// and nothing was acknowledged. `priority`: the priority that was sounding.
        case alarmsSilenced(until: CivilTime, duration: TimeSpan, priority: AlarmPriority)
        /// A clinician's alarm test ran (`report.kind == .alarmTest`).
        case alarmTest(SelfCheckReport)
        /// The power-on self-test ran at pumpd's start (`report.kind == .powerOnSelfTest`).
        case selfTest(SelfCheckReport)
    }

    public let time: CivilTime
    public let kind: Kind
}

extension TherapyEvent.Kind: CustomStringConvertible {
    /// One line for people: what happened, with numbers and units.
    public var description: String {
        switch self {
        case .programCommitted(let old, let new, let accepted):
            let before = old.map { "\($0.mode), worst day \($0.worstDayDose)" } ?? "none"
            let warnings = accepted.codes.isEmpty ? "" : "; warnings accepted: " + accepted.codes.map(\.rawValue).sorted().joined(separator: ", ")
                + (accepted.reason.map { " (reason: \($0))" } ?? "")
            return "program committed: \(new.mode), basal \(new.basalDailyDose.upperBound)/day, "
                + "worst day \(new.worstDayDose), worst hour \(new.worstHourDose) (was: \(before))" + warnings
        case .deliveryStarted: return "delivery started"
        case .deliveryStopped(let cause): return "delivery stopped (\(cause.rawValue))"
        case .deliveryNotStarted(let error): return "delivery not started: \(error)"
        case .bolusStarted(let kind, let dose, let volume, let duration):
            return "\(kind.rawValue) started: \(dose) = \(volume) over \(QuantityFormatter.duration(duration))"
        case .bolusCompleted(let kind, let volume): return "\(kind.rawValue) completed: \(volume) delivered"
        case .bolusInterrupted(let kind, let delivered, let planned):
            return "\(kind.rawValue) interrupted after \(delivered) of \(planned) delivered"
        case .primingStarted(let volume): return "priming started: \(volume)"
        case .primingCompleted(let volume): return "priming completed: \(volume)"
        case .periodicBolusSkipped: return "periodic bolus skipped (priming, or no drug at the tip)"
        case .refilled(let outcome) where outcome.firstFill:
            return "first fill: \(outcome.newFill.volume) of \(outcome.newFill.drug.name) \(outcome.newFill.drug.concentration); fluid path "
                + (outcome.pathPrimed == true ? "primed with it" : "drug-free, to be primed")
        case .refilled(let outcome):
            return "refilled: \(outcome.newFill.volume) of \(outcome.newFill.drug.name) \(outcome.newFill.drug.concentration); "
                + "withdrew \(outcome.withdrawn), expected \(outcome.expectedRemaining)"
                + (outcome.bridging ? "; bridging to the new concentration" : "")
                + (outcome.acceptedWarnings.isEmpty ? "" : "; accepted " + outcome.acceptedWarnings.map(\.rawValue).joined(separator: ", "))
                + (outcome.overrideReason.map { " (override: \($0))" } ?? "")
        case .calibrated(let old, let new, nil): return "calibrated: \(old) → \(new)"
        case .calibrated(let old, let new, let run?):
            return "calibrated: \(old) → \(new) from a calibration run of \(run.steps) steps weighing "
                + "\(QuantityFormatter.mass(nanograms: run.massMicrograms.multipliedReportingOverflow(by: 1_000).partialValue)) at \(run.densityMicrogramsPerMillilitre) µg/mL = \(run.volume)"
        case .alarmRaised(let alarm): return "alarm raised: \(alarm.kind.rawValue) (\(alarm.severity.rawValue)): \(alarm.evidence)"
        case .alarmCleared(let alarm): return "alarm cleared: \(alarm.kind.rawValue)"
        case .alarmAcknowledged(let kind): return "alarm acknowledged: \(kind.rawValue)"
        case .wallClockJumped(let by): return "wall clock jumped by \(by.readable)"
        case .deliveryGap(let duration, let missed): return "delivery was off for \(duration.readable): \(missed) missed, not caught up"
        case .loopStalled(let duration, let missed):
            return "control loop stalled for \(duration.readable) past its deadline: \(missed) missed, not caught up"
        case .restored(let outage, let unrecorded, let unsplit):
            return "restored after an outage of \(outage.readable); up to \(unrecorded) unrecorded before it, counted as pushed and as missed"
                + (unsplit.map { "; \($0)" } ?? "")
        case .lineTestStarted(let volume, let rate): return "line test started: at most \(volume) at \(rate), line watched every sample"
        case .lineTestPassed(let volume, let duration): return "line test passed: \(volume) pushed in \(duration.readable) with the line clear"
        case .lineTestFailed(let volume, let evidence): return "line test failed after \(volume): \(evidence)"
        case .calibrationRunStarted(let steps, let rate): return "calibration run started: \(steps) steps at \(rate)"
        case .calibrationRunFinished(let steps, let made, let volume, let completed):
            return "calibration run \(completed ? "finished" : "cut short"): \(made) of \(steps) steps (\(volume) accounted)"
        case .stallRetry(let attempt, let retries, let unseen, let reversed, let evidence):
            return "stall retry \(attempt) of \(retries)\(reversed ? " (one step back first)" : ""): \(evidence); "
                + "\(unseen) commanded steps not seen, counted as delivered, not caught up"
        case .alarmsSilenced(_, let duration, let priority):
            return "alarms silenced for \(duration.readable) (\(priority.rawValue) priority sounding); lamps stay on, nothing acknowledged"
        case .alarmTest(let report), .selfTest(let report): return report.summary
        }
    }
}
