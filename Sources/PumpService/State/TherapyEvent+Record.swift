public import PumpWire
public import PumpCore
public import Varlink

extension TherapyEvent {
    /// The stable name of this kind of event in the event log, the API and the journal.
    public var recordKind: WireEventKind {
        switch kind {
        case .programCommitted: .programCommitted
        case .deliveryStarted: .deliveryStarted
        case .deliveryStopped: .deliveryStopped
        case .deliveryNotStarted: .deliveryNotStarted
        case .bolusStarted: .bolusStarted
        case .bolusCompleted: .bolusCompleted
        case .bolusInterrupted: .bolusInterrupted
        case .primingStarted: .primingStarted
        case .primingCompleted: .primingCompleted
        case .periodicBolusSkipped: .periodicBolusSkipped
        case .refilled: .refilled
        case .calibrated: .calibrated
        case .alarmRaised: .alarmRaised
        case .alarmCleared: .alarmCleared
        case .alarmAcknowledged: .alarmAcknowledged
        case .wallClockJumped: .wallClockJumped
        case .deliveryGap: .deliveryGap
        case .loopStalled: .loopStalled
        case .restored: .restored
        // Issue 14 (linecal).
        case .lineTestStarted: .lineTestStarted
        case .lineTestPassed: .lineTestPassed
        case .lineTestFailed: .lineTestFailed
        case .calibrationRunStarted: .calibrationRunStarted
        case .calibrationRunFinished: .calibrationRunFinished
        case .stallRetry: .stallRetry
        case .alarmsSilenced: .alarmsSilenced
        case .alarmTest: .alarmTest
        case .selfTest: .selfTest
        }
    }

    /// The event's numbers as fields (units as in io.pumpd.Pump: nL, ng, s, pL).
    public var detail: JSONObject {
        var fields = JSONObject()
        switch kind {
        case .programCommitted(let old, let new, let accepted):
            fields["mode"] = .string(new.mode)
            if !accepted.codes.isEmpty { fields["acceptedWarnings"] = .array(accepted.codes.map(\.rawValue).sorted().map { .string($0) }) }
            if let reason = accepted.reason { fields["overrideReason"] = .string(reason) }
            fields["worstDayDose"] = .integer(new.worstDayDose.nanograms)
            fields["worstHourDose"] = .integer(new.worstHourDose.nanograms)
            if let old { fields["previousMode"] = .string(old.mode); fields["previousWorstDayDose"] = .integer(old.worstDayDose.nanograms) }
        case .deliveryStarted, .periodicBolusSkipped: break
        case .deliveryStopped(let cause): fields["cause"] = .string(cause.rawValue)
        case .deliveryNotStarted(let error): fields["reason"] = .string(error.description)
        case .bolusStarted(let task, let dose, let volume, let duration):
            fields["task"] = .string(task.rawValue)
            fields["dose"] = .integer(dose.nanograms)
            fields["volume"] = .integer(volume.nanolitres)
            fields["duration"] = .integer(duration.nanoseconds / 1_000_000_000)
        case .bolusCompleted(let task, let volume):
            fields["task"] = .string(task.rawValue)
            fields["volume"] = .integer(volume.nanolitres)
        case .bolusInterrupted(let task, let delivered, let planned):
            fields["task"] = .string(task.rawValue)
            fields["delivered"] = .integer(delivered.nanolitres)
            fields["planned"] = .integer(planned.nanolitres)
        case .primingStarted(let volume), .primingCompleted(let volume): fields["volume"] = .integer(volume.nanolitres)
        case .refilled(let outcome):
            fields["volume"] = .integer(outcome.newFill.volume.nanolitres)
            fields["drug"] = .string(outcome.newFill.drug.name)
            fields["concentration"] = .integer(outcome.newFill.drug.concentration.microgramsPerMillilitre)
            fields["withdrawn"] = .integer(outcome.withdrawn.nanolitres)
            fields["expectedRemaining"] = .integer(outcome.expectedRemaining.nanolitres)
            fields["discrepancy"] = .integer(outcome.discrepancy.nanolitres)
            fields["bridging"] = .bool(outcome.bridging)
            if outcome.firstFill { fields["firstFill"] = .bool(true) }
            if let primed = outcome.pathPrimed { fields["pathPrimed"] = .bool(primed) }
            if !outcome.acceptedWarnings.isEmpty { fields["acceptedWarnings"] = .array(outcome.acceptedWarnings.map { .string($0.rawValue) }) }
            if let reason = outcome.overrideReason { fields["overrideReason"] = .string(reason) }
        case .calibrated(let old, let new, let run):
            fields["old"] = .integer(old.picolitres)
            fields["new"] = .integer(new.picolitres)
            if let run {
                fields["steps"] = .integer(run.steps)
                fields["mass"] = .integer(run.massMicrograms)
                fields["density"] = .integer(run.densityMicrogramsPerMillilitre)
                fields["volume"] = .integer(run.volume.nanolitres)
            }
        case .alarmRaised(let alarm):
            fields["alarm"] = .string(alarm.kind.rawValue)
            fields["severity"] = .string(alarm.severity.rawValue)
            fields["evidence"] = .string(alarm.evidence)
        case .alarmCleared(let alarm): fields["alarm"] = .string(alarm.kind.rawValue)
        case .alarmAcknowledged(let alarm): fields["alarm"] = .string(alarm.rawValue)
        case .wallClockJumped(let by): fields["by"] = .integer(by.nanoseconds / 1_000_000_000)
        case .deliveryGap(let duration, let missed):
            fields["duration"] = .integer(duration.nanoseconds / 1_000_000_000)
            fields["missed"] = .integer(missed.nanolitres)
        case .loopStalled(let duration, let missed):
            fields["durationMs"] = .integer(duration.nanoseconds / 1_000_000)
            fields["missed"] = .integer(missed.nanolitres)
        case .restored(let outage, let unrecorded, let unsplit):
            fields["outage"] = .integer(outage.nanoseconds / 1_000_000_000)
            fields["unrecorded"] = .integer(unrecorded.nanolitres)
            if let unsplit {
                // Hour starts in seconds since the epoch.
                fields["unsplitVolume"] = .integer(unsplit.volume.nanolitres)
                fields["unsplitBookedTo"] = .integer(unsplit.bookedTo / 1_000_000_000)
                fields["unsplitFirstHour"] = .integer(unsplit.first / 1_000_000_000)
                fields["unsplitLastHour"] = .integer(unsplit.last / 1_000_000_000)
            }
        // Issue 14 (linecal).
        case .lineTestStarted(let volume, let rate):
            fields["volume"] = .integer(volume.nanolitres)
            fields["rate"] = .integer(rate.picolitresPerDay)
        case .lineTestPassed(let volume, let duration):
            fields["volume"] = .integer(volume.nanolitres)
            fields["durationMs"] = .integer(duration.nanoseconds / 1_000_000)
        case .lineTestFailed(let volume, let evidence):
            fields["volume"] = .integer(volume.nanolitres)
            fields["evidence"] = .string(evidence)
        case .calibrationRunStarted(let steps, let rate):
            fields["steps"] = .integer(steps)
            fields["rate"] = .integer(rate.picolitresPerDay)
        case .calibrationRunFinished(let steps, let made, let volume, let completed):
            fields["steps"] = .integer(steps)
            fields["made"] = .integer(made)
            fields["volume"] = .integer(volume.nanolitres)
            fields["completed"] = .bool(completed)
        case .stallRetry(let attempt, let retries, let unseen, let reversed, let evidence):
            fields["attempt"] = .integer(Int64(attempt))
            fields["retries"] = .integer(Int64(retries))
            fields["unseenSteps"] = .integer(unseen)
            fields["reversed"] = .bool(reversed)
            fields["evidence"] = .string(evidence)
        case .alarmsSilenced(let until, let duration, let priority):
            fields["until"] = .string(until.description)
            fields["duration"] = .integer(duration.nanoseconds / 1_000_000_000)
            fields["priority"] = .string(priority.rawValue)
        case .alarmTest(let report), .selfTest(let report):
            fields["passed"] = .bool(report.passed)
            if report.interrupted { fields["interrupted"] = .bool(true) }
            fields["durationMs"] = .integer(report.duration.nanoseconds / 1_000_000)
            fields["items"] = .array(report.items.map { item in
                var object = JSONObject()
                object["subject"] = .string(item.subject)
                object["outcome"] = .string(item.outcome.rawValue)
                object["evidence"] = .string(item.evidence)
                return .object(object)
            })
        }
        return fields
    }
}
