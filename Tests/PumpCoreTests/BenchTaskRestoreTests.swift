import PumpCore
import Testing

/// A restart never continues a bench task, and leaves a record that says what happened: a line
/// test cut short fails and the occlusion comes back unacknowledged; a calibration run cut short
/// is interrupted and the pump is back in the stop it started from.
@Suite struct BenchTaskRestoreTests {
    typealias F = SessionFixtures

    static func restore(_ checkpoint: TherapyCheckpoint, outage: TimeSpan = .minutes(1)) -> TherapySession {
        let at = ClockReading(monotonic: MonotonicInstant(nanoseconds: 5_000_000_000), wall: CivilTime(
            unixNanoseconds: checkpoint.savedAtWall + outage.nanoseconds, utcOffsetSeconds: checkpoint.savedAtOffset))
        return TherapySession.restoring(checkpoint, rig: F.rig, battery: F.battery, outage: outage, unrecordedStepsAtMost: 0, at: at)
    }

    @Test func restoreMidLineTestReraisesOcclusionUnacknowledged() throws {
        var session = try LineTestSessionTests.occluded(plan: LineTestSessionTests.greedy)
        try session.resume(at: F.at(.hours(2)))
        session.runSteps(until: F.at(.hours(2) + .seconds(2)))
        #expect(session.mode == .lineTest)
        var restored = Self.restore(session.checkpoint())
        #expect(restored.mode == .stopped(.alarm))
        let occlusion = try #require(restored.alarms.active[.occlusion])
        #expect(occlusion.acknowledgedAt == nil)  // the next Resume needs a clinician's acknowledgement first
        #expect(throws: TherapyError.blockedByAlarms([.occlusion])) { try restored.resume(at: restored.clock.advanced(by: .seconds(1))) }
        let kinds = restored.eventKinds()
        #expect(kinds.contains { if case .lineTestFailed(_, "cut short by restart") = $0 { true } else { false } })
        #expect(!kinds.contains { if case .bolusInterrupted = $0 { true } else { false } })
    }

    @Test func restoreMidCalibrationRunIsInterrupted() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        session.raiseAlarm(.driverFault, evidence: "fault input asserted", at: F.at(.hours(1)))
        #expect(session.mode == .stopped(.alarm))
        session.clearAlarmCause(.driverFault, at: F.at(.hours(1) + .minutes(1)))
        try session.acknowledgeAlarm(.driverFault, at: F.at(.hours(1) + .minutes(2)))
        try session.startCalibrationRun(steps: 400, rate: .millilitresPerHour(1), at: F.at(.hours(2)))
        session.runSteps(until: F.at(.hours(2) + .seconds(30)))
        #expect(session.mode == .calibrationRun)
        var restored = Self.restore(session.checkpoint())
        #expect(restored.mode == .stopped(.alarm))  // the stop it started from, not a clinician's
        let run = try #require(restored.calibrationRun)
        #expect(run.state == .interrupted && run.steps == 400 && run.made > 0 && run.made < 400)
        #expect(throws: TherapyError.calibrationRunInterrupted(made: run.made, steps: 400)) {
            try restored.commitCalibrationRun(massMicrograms: 100_000, densityMicrogramsPerMillilitre: 1_000_000, at: restored.clock)
        }
        let kinds = restored.eventKinds()
        #expect(kinds.contains { if case .calibrationRunFinished(400, _, _, false) = $0 { true } else { false } })
        #expect(!kinds.contains { if case .bolusInterrupted = $0 { true } else { false } })
    }

    @Test func primeNewPathAfterAcknowledgedOcclusionIsAllowed() throws {
        var session = try LineTestSessionTests.occluded(plan: LineTestSessionTests.greedy)
        try session.prime(newPath: true, at: F.at(.hours(2)))
        #expect(session.mode == .priming(thenRun: false))
        session.runSteps(until: F.at(.hours(4)))
        #expect(session.mode != .running)  // priming never starts the program after an occlusion
        #expect(session.occlusionAwaitsLineTest)  // the new catheter is still proved before the program
        try session.resume(at: F.at(.hours(4)))
        #expect(session.mode == .lineTest)
    }

    @Test func primeOfTheOldPathAfterAnOcclusionIsStillBlocked() throws {
        var session = try LineTestSessionTests.occluded(plan: LineTestSessionTests.greedy)
        #expect(throws: TherapyError.blockedByAlarms([.occlusion])) { try session.prime(newPath: false, at: F.at(.hours(2))) }
    }
}
