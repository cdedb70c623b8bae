import PumpCore
import Testing

/// The calibration run: a bounded number of steps on a stopped pump, then the weighed mass
/// commits the step volume.
@Suite struct CalibrationRunTests {
    typealias F = SessionFixtures

    /// Runs every step of a 400-step run started at `start` (1 mL/h: 250 nL every 0.9 s).
    static func finishedRun(_ session: inout TherapySession, at start: ClockReading = F.origin) throws {
        try session.startCalibrationRun(steps: 400, rate: .millilitresPerHour(1), at: start)
        session.runSteps(until: start.advanced(by: .minutes(10)))
        session.recordCalibrationRunMotion(.unverifiable)  // the control loop's judgement; no encoder here
    }

    @Test func calibrationRunCommitsStepVolumeFromMassAndDensity() throws {
        var session = F.session()
        let remaining = session.reservoirRemaining
        try Self.finishedRun(&session)
        #expect(session.mode == .stopped(.idle))
        #expect(session.calibrationRun?.state == .finished)
        #expect(session.calibrationRun?.made == 400)
        #expect(remaining - session.reservoirRemaining == .microlitres(100))  // 400 × 250 nL accounted
        // The pump really pushes 260 nL a step: 104 µL of water at 998.2 mg/mL weigh 103 812.8 µg.
        let measured = try session.commitCalibrationRun(massMicrograms: 103_813, densityMicrogramsPerMillilitre: 998_200, at: F.at(.minutes(11)))
        #expect(measured.volume == .nanolitres(104_000))
        #expect(session.rig.stepVolume == .nanolitres(260))
        #expect(session.calibrationRun == nil)  // committed once
        let kinds = session.eventKinds()
        #expect(kinds.contains(.calibrated(old: .nanolitres(250), new: .nanolitres(260), run: measured)))
        #expect(kinds.contains(.calibrationRunStarted(steps: 400, rate: .millilitresPerHour(1))))
        #expect(kinds.contains(.calibrationRunFinished(steps: 400, made: 400, volume: .microlitres(100), completed: true)))
    }

    @Test func calibrationRunRefusedWhileRunning() throws {
        // A profile's min_steps of 10: ten steps stay within the program's hourly dose limit.
        var rig = F.rig
        rig.calibrationRun.minimumSteps = 10
        var session = TherapySession(
            rig: rig, fill: ReservoirFill(volume: .millilitres(20), drug: F.baclofen2000, filledAt: F.origin.wall, position: 0),
            pathPrimed: true, battery: F.battery, clock: F.origin)
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.mode == .running)
        #expect(throws: TherapyError.wrongMode(.running, needed: "stopped")) {
            try session.startCalibrationRun(steps: 10, rate: nil, at: F.at(.minutes(1)))
        }
        session.stop(at: F.at(.minutes(2)))
        try session.startCalibrationRun(steps: 10, rate: nil, at: F.at(.minutes(3)))
        #expect(throws: TherapyError.wrongMode(.calibrationRun, needed: "stopped")) {
            try session.startCalibrationRun(steps: 10, rate: nil, at: F.at(.minutes(3)))
        }
        #expect(throws: TherapyError.calibrationRunInProgress) {
            try session.commitCalibrationRun(massMicrograms: 1_000, densityMicrogramsPerMillilitre: 1_000_000, at: F.at(.minutes(3)))
        }
        session.runSteps(until: F.at(.minutes(10)))
        #expect(session.mode == .stopped(.clinician))  // back to the stop it came from
    }

    @Test func calibrationRunIsBoundedByTheProfileBeforeAnythingMoves() throws {
        var session = F.session()
        let maximum = session.rig.calibrationRun.maximumSteps
        #expect(throws: TherapyError.self) { try session.startCalibrationRun(steps: maximum + 1, rate: nil, at: F.origin) }
        #expect(throws: TherapyError.self) { try session.startCalibrationRun(steps: 0, rate: nil, at: F.origin) }
        #expect(throws: TherapyError.self) { try session.startCalibrationRun(steps: 10, rate: .millilitresPerHour(11), at: F.origin) }
        #expect(session.mode == .stopped(.idle))
        #expect(session.ledger.position == 0)
        #expect(session.runSteps(until: F.at(.hours(1))) == 0)
    }

    @Test func commitRefusedWithoutAFinishedRunOrAfterAnInterruptedOne() throws {
        var session = F.session()
        #expect(throws: TherapyError.noCalibrationRun) {
            try session.commitCalibrationRun(massMicrograms: 1_000, densityMicrogramsPerMillilitre: 1_000_000, at: F.origin)
        }
        try session.startCalibrationRun(steps: 400, rate: .millilitresPerHour(1), at: F.origin)
        session.runSteps(until: F.at(.seconds(30)))
        session.stop(at: F.at(.seconds(30)))
        #expect(session.calibrationRun?.state == .interrupted)
        let made = session.calibrationRun?.made ?? 0
        #expect(made > 0 && made < 400)
        #expect(throws: TherapyError.calibrationRunInterrupted(made: made, steps: 400)) {
            try session.commitCalibrationRun(massMicrograms: 1_000, densityMicrogramsPerMillilitre: 1_000_000, at: F.at(.minutes(1)))
        }
        #expect(session.rig.stepVolume == .nanolitres(250))
    }

    @Test func aMeasuredStepVolumeBeyondHalfOrDoubleIsRefusedAndTheRunStaysCommittable() throws {
        var session = F.session()
        try Self.finishedRun(&session)
        // 400 steps weighing 300 mg of water: 750 nL a step, three times the profile's.
        #expect(throws: TherapyError.self) {
            try session.commitCalibrationRun(massMicrograms: 300_000, densityMicrogramsPerMillilitre: 1_000_000, at: F.at(.minutes(11)))
        }
        #expect(session.rig.stepVolume == .nanolitres(250))
        #expect(session.calibrationRun?.state == .finished)
        try session.commitCalibrationRun(massMicrograms: 100_000, densityMicrogramsPerMillilitre: 1_000_000, at: F.at(.minutes(12)))
        #expect(session.rig.stepVolume == .nanolitres(250))
    }

    @Test func calibrationRunBelowMinimumVolumeRefused() throws {
        var session = F.session()
        // 100 µL of 250 nL steps: 400; one fewer is too small to weigh to 0.1 %.
        #expect(session.rig.calibrationRun.minimumSteps(step: session.rig.stepVolume) == 400)
        #expect {
            try session.startCalibrationRun(steps: 399, rate: nil, at: F.origin)
        } throws: { error in
            guard case TherapyError.limitExceeded(let violation) = error else { return false }
            return violation.field == "calibrationRun.steps" && violation.limit.hasPrefix("400…")
        }
        #expect(session.mode == .stopped(.idle))
        #expect(session.runSteps(until: F.at(.hours(1))) == 0)
        var bounds = session.rig.calibrationRun
        bounds.minimumSteps = 40  // a profile's min_steps
        #expect(bounds.minimumSteps(step: session.rig.stepVolume) == 40)
    }

    @Test func calibrationRunCommitOnlyByItsCallerWithinTheCommitWindow() throws {
        var session = F.session()
        try session.startCalibrationRun(steps: 400, rate: .millilitresPerHour(1), by: 1001, at: F.origin)
        session.runSteps(until: F.at(.minutes(10)))
        session.recordCalibrationRunMotion(.unverifiable)
        #expect(throws: TherapyError.calibrationRunNotYours(startedBy: 1001)) {
            try session.commitCalibrationRun(massMicrograms: 100_000, densityMicrogramsPerMillilitre: 1_000_000, by: 1002, at: F.at(.minutes(11)))
        }
        var owner = session
        try owner.commitCalibrationRun(massMicrograms: 100_000, densityMicrogramsPerMillilitre: 1_000_000, by: 1001, at: F.at(.minutes(12)))
        // Finished at 6 min (400 steps every 0.9 s): an hour later it is stale.
        #expect {
            try session.commitCalibrationRun(massMicrograms: 100_000, densityMicrogramsPerMillilitre: 1_000_000, by: 1001, at: F.at(.minutes(70)))
        } throws: { error in
            guard case TherapyError.calibrationRunExpired(let ago) = error else { return false }
            return ago > CalibrationRun.commitWindow && ago <= .minutes(70)
        }
        #expect(session.calibrationRun?.state == .finished)  // refusals change nothing
        #expect(session.rig.stepVolume == .nanolitres(250))
    }

    @Test func massToVolumeRoundsToTheNearestNanolitre() {
        #expect(CalibrationRunMeasurement.volume(massMicrograms: 998_200, densityMicrogramsPerMillilitre: 998_200) == .microlitres(1_000))
        #expect(CalibrationRunMeasurement.volume(massMicrograms: 1, densityMicrogramsPerMillilitre: 2_000_000) == .nanolitres(1))  // 0.5 → 1
        #expect(CalibrationRunMeasurement.volume(massMicrograms: 1, densityMicrogramsPerMillilitre: 2_000_001) == .nanolitres(0))
    }
}
