import Foundation
import PumpCore
import Testing

/// Restoring a session after an outage: therapy resumes from now with no catch-up, the unknown
/// remainder is counted against the reservoir and the dose windows, and nothing a clinician or an
/// alarm decided is undone.
@Suite struct TherapyCheckpointTests {
    typealias F = SessionFixtures
    static let step: Int64 = 250_000  // pL

    func running(for span: TimeSpan, prescription: Prescription = F.prescription()) throws -> TherapySession {
        var session = F.session()
        try session.commit(prescription, at: F.origin)
        session.runSteps(until: F.at(span))
        _ = session.takeEvents()
        return session
    }

    func restore(
        _ checkpoint: TherapyCheckpoint, outage: TimeSpan, unrecorded: Int64 = 0, within window: TimeSpan? = nil,
        journal: (position: Int64, instant: MonotonicInstant)? = nil, journalMade: Int64? = nil
    ) -> TherapySession {
        let at = ClockReading(monotonic: MonotonicInstant(nanoseconds: 5_000_000_000), wall: CivilTime(
            unixNanoseconds: checkpoint.savedAtWall + outage.nanoseconds, utcOffsetSeconds: checkpoint.savedAtOffset))
        return TherapySession.restoring(
            checkpoint, rig: F.rig, battery: F.battery, outage: outage, unrecordedStepsAtMost: unrecorded, unrecordedTimeAtMost: window,
            journal: journal, journalMade: journalMade, at: at)
    }

    @Test func checkpointSurvivesAJSONRoundTripUnchanged() throws {
        var session = try running(for: .hours(3), prescription: F.prescription(
            patient: PatientBolusPolicy(dose: .micrograms(20), duration: .minutes(5), lockout: .hours(2), maximumPerDay: 3)))
        try session.requestBolus(.patient, at: F.at(.hours(3)))
        session.raiseAlarm(.batteryElectiveReplacement, evidence: "3.2 V", at: F.at(.hours(3)))
        let checkpoint = session.checkpoint()
        let decoded = try JSONDecoder().decode(TherapyCheckpoint.self, from: JSONEncoder().encode(checkpoint))
        #expect(decoded == checkpoint)
    }

    @Test func restoringWithNoOutageReproducesTheCheckpoint() throws {
        let checkpoint = try running(for: .hours(5)).checkpoint()
        var restored = restore(checkpoint, outage: .zero)
        var again = restored.checkpoint()
        // Only the clocks differ: the restored session lives on a new monotonic clock.
        again.savedAtMonotonic = checkpoint.savedAtMonotonic
        #expect(again.position == checkpoint.position)
        #expect(again.closedMass == checkpoint.closedMass && again.runVolume == checkpoint.runVolume)
        #expect(again.recentDoses == checkpoint.recentDoses)
        #expect(again.prescription == checkpoint.prescription)
        #expect(restored.mode == .running)
        #expect(restored.eventKinds().contains(.restored(outage: .zero, unrecorded: .zero)))
    }

    @Test func runningTherapyResumesAfterAnOutageFromNowWithoutCatchUp() throws {
        let session = try running(for: .hours(5))
        var restored = restore(session.checkpoint(), outage: .hours(2))
        #expect(restored.mode == .running)
        let kinds = restored.eventKinds()
        // 2 h of 250 µL/day owed: 20.833 µL, recorded as missed, never delivered.
        #expect(kinds.contains(.deliveryGap(duration: .hours(2), missed: .nanolitres(20_833))))
        #expect(kinds.contains(.deliveryStarted))
        let start = restored.clock
        let steps = restored.runSteps(until: start.advanced(by: .hours(1)))
        // One hour at 1000 steps/day is 41.67 steps: the program's pace, no burst.
        #expect((41...42).contains(steps))
    }

    @Test func theFirstStepAfterARestoreComesAFullStepAfterNow() throws {
        var restored = restore(try running(for: .hours(5)).checkpoint(), outage: .hours(2))
        guard case .due(let due) = restored.nextStep() else { Issue.record("no step planned"); return }
        #expect(due - restored.clock.monotonic >= .milliseconds(86_399))
        _ = restored.takeEvents()
    }

    @Test func unrecordedStepsAreCountedAsPushedButNeverBeyondWhatTheProgramAskedFor() throws {
        let session = try running(for: .hours(5))
        let checkpoint = session.checkpoint()
        // 10 minutes at 86.4 s per step: the program asked for 6.9 steps; the bound is 8 whole steps
        // (one may have been due at the checkpoint), below the 100-step checkpoint interval.
        let shortOutage = restore(checkpoint, outage: .minutes(10), unrecorded: 100)
        #expect(session.reservoirRemaining.nanolitres - shortOutage.reservoirRemaining.nanolitres == 8 * Self.step / 1_000)
        // A long outage is bounded by the checkpoint interval.
        let longOutage = restore(checkpoint, outage: .days(3), unrecorded: 100)
        #expect(session.reservoirRemaining.nanolitres - longOutage.reservoirRemaining.nanolitres == 100 * Self.step / 1_000)
    }

    @Test func unrecordedVolumeCountsInsideTheDailyDoseWindow() throws {
        let session = try running(for: .hours(5))
        let restored = restore(session.checkpoint(), outage: .minutes(1), unrecorded: 100)
        // 2 whole steps (1 asked + 1 possibly due) of 250 nL at 2000 µg/mL = 1 µg more in the window.
        #expect(restored.ledger.recent.lastDay == session.ledger.recent.lastDay + .micrograms(1))
    }

    @Test func patientBolusLockoutAndDailyCountSurviveARestart() throws {
        let policy = PatientBolusPolicy(dose: .micrograms(20), duration: .minutes(5), lockout: .hours(2), maximumPerDay: 3)
        var session = try running(for: .hours(1), prescription: F.prescription(patient: policy))
        try session.requestBolus(.patient, at: F.at(.hours(1)))
        session.runSteps(until: F.at(.hours(1) + .minutes(30)))
        var restored = restore(session.checkpoint(), outage: .minutes(30))
        #expect(throws: TherapyError.lockout(remaining: .hours(1))) {
            try restored.requestBolus(.patient, at: restored.clock)
        }
    }

    @Test func aBolusRunningAtTheOutageEndsAndIsNotResumed() throws {
        var session = try running(for: .hours(1))
        try session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(30)), at: F.at(.hours(1)))
        session.runSteps(until: F.at(.hours(1) + .minutes(10)))
        var restored = restore(session.checkpoint(), outage: .minutes(5))
        #expect(restored.planner.onDemandBolus == nil)
        #expect(restored.eventKinds().contains { if case .bolusInterrupted(.singleBolus, _, _) = $0 { true } else { false } })
        #expect(restored.currentRate == VolumeRate(picolitresPerDay: 250_000_000))
    }

    @Test func aClinicianStopStaysAStopAcrossARestart() throws {
        var session = try running(for: .hours(2))
        session.stop(at: F.at(.hours(2)))
        var restored = restore(session.checkpoint(), outage: .hours(1))
        #expect(restored.mode == .stopped(.clinician))
        #expect(restored.nextStep() == .never)
        try restored.resume(at: restored.clock.advanced(by: .minutes(1)))
        // The gap runs from the clinician's stop, across the outage, to the resume: 1 h 1 min.
        #expect(restored.eventKinds().contains { if case .deliveryGap(.minutes(61), _) = $0 { true } else { false } })
    }

    @Test func aCriticalAlarmStaysRaisedAndKeepsDeliveryStoppedAcrossARestart() throws {
        var session = try running(for: .hours(2))
        session.raiseAlarm(.occlusion, evidence: "switch closed", at: F.at(.hours(2)))
        var restored = restore(session.checkpoint(), outage: .minutes(10))
        #expect(restored.mode == .stopped(.alarm))
        #expect(restored.alarms.activeAlarms.map(\.kind) == [.occlusion])
        #expect(throws: TherapyError.self) { try restored.resume(at: restored.clock) }
    }

    @Test func theLatestAcknowledgementOfALastingCriticalAlarmSurvivesARestart() throws {
        var session = try running(for: .hours(2))
        session.raiseAlarm(.occlusion, evidence: "switch closed", at: F.at(.hours(2)))
        try session.acknowledgeAlarm(.occlusion, at: F.at(.hours(2) + .minutes(1)))
        try session.acknowledgeAlarm(.occlusion, at: F.at(.hours(2) + .minutes(20)))
        let json = try JSONEncoder().encode(session.checkpoint())
        let restored = restore(try JSONDecoder().decode(TherapyCheckpoint.self, from: json), outage: .minutes(10))
        let occlusion = try #require(restored.alarms.active[.occlusion])
        #expect(occlusion.acknowledgedAt == F.at(.hours(2) + .minutes(1)).wall)
        #expect(occlusion.lastAcknowledgedAt == F.at(.hours(2) + .minutes(20)).wall)
        // A checkpoint written before the latest acknowledgement was kept: the first stands for it.
        var old = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        old["alarms"] = (old["alarms"] as? [[String: Any]])?.map { $0.filter { $0.key != "lastAcknowledgedAt" } }
        let oldCheckpoint = try JSONDecoder().decode(TherapyCheckpoint.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(restore(oldCheckpoint, outage: .minutes(10)).alarms.active[.occlusion]?.lastAcknowledgedAt == F.at(.hours(2) + .minutes(1)).wall)
    }

    @Test func thePeriodicBolusPhaseIsKeptSoARestartNeverBringsTheNextOneEarly() throws {
        var prescription = F.prescription()
        prescription.periodicBolus = PeriodicBolus(dose: .micrograms(10), duration: .minutes(10), interval: .hours(6))
        let session = try running(for: .hours(7), prescription: prescription)
        let lastStart = try #require(session.planner.lastPeriodicStart)
        var restored = restore(session.checkpoint(), outage: .hours(1))
        let sinceLast = session.clock.monotonic - lastStart + .hours(1)
        let nextDue = restored.planner.nextPeriodicStart - restored.clock.monotonic
        #expect(nextDue == .hours(6) - sinceLast)
        _ = restored.takeEvents()
    }

    @Test func primingCutShortBeforeAStartPrimesTheRestAndThenStartsTherapy() throws {
        var session = F.session(pathPrimed: false)
        try session.commit(F.prescription(), at: F.origin)
        try session.prime(newPath: false, at: F.origin)
        // 200 µL at 1 mL/h takes 12 min; the outage comes after 5 of them.
        session.runSteps(until: F.at(.minutes(5)))
        #expect(session.mode == .priming(thenRun: true))
        let primed = try #require(session.planner.priming).delivered
        var restored = restore(session.checkpoint(), outage: .minutes(1), unrecorded: 100)
        #expect(restored.mode == .priming(thenRun: true))
        let left = try #require(restored.planner.priming).volume
        // What the record says was primed is not primed again, and steps it may lack are not
        // taken as drug-free fluid already out (that would start therapy on drug-free fluid).
        #expect(restored.planner.commandedPosition == session.planner.commandedPosition)
        #expect(abs((left - (.microlitres(200) - primed)).nanolitres) < Self.step / 1_000)
        // The reservoir counts them as pushed: 1 mL/h for the minute's outage, 67 steps, + 1.
        #expect(session.reservoirRemaining - restored.reservoirRemaining == .nanolitres(68 * Self.step / 1_000))
        restored.runSteps(until: restored.clock.advanced(by: .minutes(10)))
        #expect(restored.mode == .running)
        _ = restored.takeEvents()
    }

    @Test func aBolusCutByACrashCountsOnlyWhatTheCheckpointCadenceAllowsAsPossiblyPushed() throws {
        var session = try running(for: .hours(1))
        // 20 µg at 2000 µg/mL over 10 min: 10 µL at 60 µL/h, a step every 15 s.
        try session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(10)), at: F.at(.hours(1)))
        session.runSteps(until: F.at(.hours(1) + .minutes(2)))
        let checkpoint = session.checkpoint()
        // Restarted 5 min later; a checkpoint is durable at least every 62 s while steps move.
        let restored = restore(checkpoint, outage: .minutes(5), unrecorded: 100, within: .seconds(62))
        let counted = session.reservoirRemaining - restored.reservoirRemaining
        // The bolus pushes 1.033 µL in 62 s and the basal 0.18 µL: 5 whole steps + 1 possibly due.
        #expect(counted == .nanolitres(6 * Self.step / 1_000))
        #expect(counted < .microlitres(2) + .nanolitres(250))
        // Counted as possibly given in the dose windows and carried as the delivered dose's uncertainty.
        #expect(restored.ledger.unrecordedVolume == counted)
        #expect(restored.ledger.unrecordedMass == .micrograms(3))
        #expect(restored.ledger.recent.lastDay == session.ledger.recent.lastDay + .micrograms(3))
        #expect(restored.ledger.deliveredMass == session.ledger.deliveredMass)
    }

    @Test func missedVolumeCountsOnlyTheDowntimeThatIsCertain() throws {
        let session = try running(for: .hours(5))
        // The pump may have run 62 s past the checkpoint: 2 h of outage leaves 1 h 58 min 58 s certain.
        var restored = restore(session.checkpoint(), outage: .hours(2), unrecorded: 100, within: .seconds(62))
        let certain = TimeSpan.hours(2) - .seconds(62)
        let missed = restored.eventKinds().compactMap { if case .deliveryGap(let span, let missed) = $0 { (span, missed) } else { nil } }
        #expect(missed.map(\.0) == [certain])
        // 250 µL/day over the certain part, never more than over the whole outage.
        #expect(restored.ledger.missed == .nanolitres(250_000 * certain.nanoseconds / TimeSpan.day.nanoseconds))
        #expect(restored.ledger.missed < .nanolitres(20_833))
    }

    @Test func theDeliveredDosesUncertaintyAddsUpOverRestartsAndSurvivesTheCheckpoint() throws {
        let session = try running(for: .hours(5))
        let once = restore(session.checkpoint(), outage: .minutes(10), unrecorded: 100, within: .seconds(62))
        var twice = restore(once.checkpoint(), outage: .minutes(10), unrecorded: 100, within: .seconds(62))
        // Each restart adds its own bound (62 s at 86.4 s per step: 1 step, + 1 possibly due).
        #expect(once.ledger.unrecordedVolume == .nanolitres(500))
        #expect(twice.ledger.unrecordedVolume == .nanolitres(1_000))
        #expect(twice.ledger.unrecordedMass == .micrograms(2))
        #expect(session.reservoirRemaining - twice.reservoirRemaining == .nanolitres(1_000))
        _ = twice.takeEvents()
        // A checkpoint written by a build without the fields reads as "nothing unrecorded".
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(twice.checkpoint())) as! [String: Any]
        old["unrecordedMass"] = nil
        old["unrecordedVolume"] = nil
        let decoded = try JSONDecoder().decode(TherapyCheckpoint.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(decoded.unrecordedMass == nil && decoded.unrecordedVolume == nil)
    }

    @Test func stepsTheJournalNotedAfterTheCheckpointAreReplayedExactlyWithNothingLeftUnrecorded() throws {
        var session = try running(for: .hours(5))
        let checkpoint = session.checkpoint()
        // Three more steps were commanded before the process died; the checkpoint never saw them.
        session.runSteps(until: F.at(.hours(5) + .seconds(260)))
        let note = (position: session.planner.commandedPosition, instant: session.clock.monotonic)
        #expect(note.position - checkpoint.position == 3 * Self.step)
        var restored = restore(checkpoint, outage: .minutes(10), unrecorded: 100, within: .seconds(62), journal: note)
        #expect(restored.planner.commandedPosition == note.position)
        #expect(restored.reservoirRemaining == session.reservoirRemaining)
        #expect(restored.ledger.deliveredMass == session.ledger.deliveredMass)
        #expect(restored.ledger.recent.lastDay == session.ledger.recent.lastDay)
        #expect(restored.ledger.unrecordedVolume == .zero && restored.ledger.unrecordedMass == .zero)
        // Missed runs from when the next step would have been due (a full step after the note),
        // so it never exceeds what the real downtime owed.
        let gap = restored.eventKinds().compactMap { if case .deliveryGap(let span, _) = $0 { span } else { nil } }
        let sinceNote = TimeSpan.minutes(10) - (note.instant - MonotonicInstant(nanoseconds: checkpoint.savedAtMonotonic))
        #expect(gap.count == 1 && gap[0] <= sinceNote - .milliseconds(86_399) && gap[0] >= sinceNote - .milliseconds(86_401))
        _ = restored.takeEvents()
    }

    @Test func aStepTheJournalNotedAsCommandedButNotMadeIsNeverCountedAsDelivered() throws {
        var session = try running(for: .hours(5))
        let checkpoint = session.checkpoint()
        // Three steps commanded; the process died after noting the third, before its motor call
        // returned: the rig may not have moved it (the storm's delivered total one step above the rig).
        session.runSteps(until: F.at(.hours(5) + .seconds(260)))
        let note = (position: session.planner.commandedPosition, instant: session.clock.monotonic)
        #expect(note.position - checkpoint.position == 3 * Self.step)
        var restored = restore(
            checkpoint, outage: .minutes(10), unrecorded: 100, within: .seconds(62), journal: note, journalMade: note.position - Self.step)
        let stepMass = session.ledger.deliveredMass - restored.ledger.deliveredMass
        // Delivered: the two certain steps, "up to" the doubtful one more.
        #expect(restored.planner.commandedPosition == note.position - Self.step)
        #expect(stepMass > .zero && restored.ledger.unrecordedMass == stepMass)
        #expect(restored.ledger.unrecordedVolume == .nanolitres(Self.step / 1_000))
        // The reservoir and the 24 h window count it as pushed.
        #expect(restored.reservoirRemaining == session.reservoirRemaining)
        #expect(restored.ledger.recent.lastDay == session.ledger.recent.lastDay)
        _ = restored.takeEvents()
    }

    @Test func aJournalNoteBehindTheCheckpointOrBeyondTheCadenceIsNotBelieved() throws {
        let session = try running(for: .hours(5))
        let checkpoint = session.checkpoint()
        let cadence = restore(checkpoint, outage: .minutes(10), unrecorded: 100, within: .seconds(62))
        for position in [checkpoint.position - Self.step, checkpoint.position + 200 * Self.step] {
            let restored = restore(
                checkpoint, outage: .minutes(10), unrecorded: 100, within: .seconds(62),
                journal: (position, MonotonicInstant(nanoseconds: checkpoint.savedAtMonotonic)))
            #expect(restored.planner.commandedPosition == checkpoint.position)
            #expect(restored.reservoirRemaining == cadence.reservoirRemaining)
            #expect(restored.ledger.unrecordedVolume == cadence.ledger.unrecordedVolume && cadence.ledger.unrecordedVolume > .zero)
        }
    }
}
