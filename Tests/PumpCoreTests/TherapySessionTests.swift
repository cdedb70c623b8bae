import PumpCore
import Testing

@Suite struct TherapySessionTests {
    typealias F = SessionFixtures

    @Test func committingAProgramStartsAnIdlePrimedPump() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.mode == .running)
        #expect(session.runSteps(until: F.at(.days(1))) == 1000)
        #expect(session.ledger.deliveredMass == .micrograms(500))
        #expect(session.reservoirRemaining == .millilitres(20) - .microlitres(250))
    }

    @Test func anInvalidPrescriptionIsRefusedWithEveryViolationAndChangesNothing() {
        var session = F.session()
        var bad = F.prescription(dailyDose: 5000)  // above the 1000 µg/day limit
        bad.lowReservoirAlarm = .microlitres(100)  // below the rig's 0.5 mL empty threshold
        #expect(throws: TherapyError.self) { try session.commit(bad, at: F.origin) }
        guard case .failure(.invalidPrescription(let violations)) = session.validate(bad) else {
            Issue.record("expected violations"); return
        }
        // A shape error does not hide the envelope: every violation at once.
        #expect(Set(violations.map(\.rule)) == [.lowReservoirAlarmOutOfRange, .aboveMaximumDailyDose, .aboveMaximumHourlyDose])
        #expect(session.prescription == nil)
        #expect(session.mode == .stopped(.idle))
        bad.lowReservoirAlarm = .millilitres(2)
        guard case .failure(.invalidPrescription(let second)) = session.validate(bad) else { Issue.record("expected violations"); return }
        #expect(second.map(\.rule) == [.aboveMaximumDailyDose, .aboveMaximumHourlyDose])  // 5000 µg/day is 208 µg/h
        #expect(second[0].limit == "≤ 1000 µg")
    }

    @Test func aPrescriptionForAnotherConcentrationThanTheReservoirIsRefused() {
        var session = F.session()
        let other = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(500))
        #expect(throws: TherapyError.drugMismatch(prescribed: other, inReservoir: F.baclofen2000)) {
            try session.commit(F.prescription(drug: other), at: F.origin)
        }
    }

    @Test func resumingAfterAStopRecordsTheMissedVolumeAndDoesNotCatchUp() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(6)))  // 250 steps
        session.stop(at: F.at(.hours(6)))
        #expect(session.runSteps(until: F.at(.hours(12))) == 0)
        try session.resume(at: F.at(.hours(12)))
        // The next 6 hours deliver 6 hours' worth, not 12: 250 steps (one step per 86.4 s).
        #expect(session.runSteps(until: F.at(.hours(18))) == 250)
        #expect(session.ledger.missed == .microlitres(62) + .nanolitres(500))  // 250 µL/day × 6 h
        #expect(session.eventKinds().contains(.deliveryGap(duration: .hours(6), missed: .nanolitres(62_500))))
    }

    @Test func anOutageIsRecordedAsMissedAndTherapyResumesFromNow() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        // The daemon was down from 1 h to 3 h; the restored session is told about the gap.
        session.recordOutage(since: F.at(.hours(1)), at: F.at(.hours(3)))
        // Missed is everything programmed and not delivered: 3 h at 250 µL/day = 31 250 nL, less
        // the 41 steps (10 250 nL) made in the first hour — the gap plus the partial step owed at 1 h.
        #expect(session.ledger.missed.nanolitres == 21_000)
        let before = session.ledger.position
        session.runSteps(until: F.at(.hours(4)))
        #expect((session.ledger.position - before) / 250_000 == 41)  // one hour's 41.67 steps, not three hours'
    }

    @Test func aSingleBolusDeliversExactlyItsDoseOnTopOfTheBasalThenReturns() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(30)), at: F.at(.hours(1)))
        session.runSteps(until: F.at(.hours(2)))
        // 2 h of basal (41.666… µg) + 50 µg bolus = 25 µL bolus = 100 steps on top of 83.3 steps.
        #expect(session.ledger.position / 250_000 == 183)
        #expect(session.eventKinds().contains(.bolusCompleted(.singleBolus, volume: .microlitres(25))))
        #expect(session.currentRate == .microlitresPerDay(250))
    }

    @Test func aBolusAboveTheMaximumBolusIsRefusedBeforeAnythingMoves() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        #expect(throws: TherapyError.self) {
            try session.requestBolus(.single(dose: .micrograms(51), duration: .minutes(30)), at: F.at(.minutes(1)))
        }
        #expect(session.planner.onDemandBolus == nil)
        #expect(session.currentRate == .microlitresPerDay(250))
    }

    @Test func aBolusThatWouldBreakTheHourlyLimitIsRefusedWithTheNumbers() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(10)), at: F.at(.hours(1)))
        session.runSteps(until: F.at(.hours(1) + .minutes(20)))
        do {
            try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(10)), at: F.at(.hours(1) + .minutes(20)))
            Issue.record("second bolus within the hour was allowed")
        } catch .limitExceeded(let violation) {
            #expect(violation.rule == .aboveMaximumHourlyDose)
            #expect(violation.limit == "≤ 100 µg")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func patientBolusesRespectTheLockoutAndTheRolling24HourMaximum() throws {
        var session = F.session()
        let policy = PatientBolusPolicy(dose: .micrograms(20), duration: .minutes(5), lockout: .hours(2), maximumPerDay: 3)
        try session.commit(F.prescription(patient: policy), at: F.origin)
        try session.requestBolus(.patient, at: F.at(.hours(1)))
        #expect(throws: TherapyError.lockout(remaining: .minutes(90))) {
            try session.requestBolus(.patient, at: F.at(.hours(1) + .minutes(30)))
        }
        try session.requestBolus(.patient, at: F.at(.hours(3)))
        try session.requestBolus(.patient, at: F.at(.hours(5)))
        #expect(throws: TherapyError.patientBolusDailyMaximum(used: 3, maximum: 3)) {
            try session.requestBolus(.patient, at: F.at(.hours(7)))
        }
        // 24 h after the first one, a place frees up.
        session.runSteps(until: F.at(.hours(25)))
        try session.requestBolus(.patient, at: F.at(.hours(25)))
    }

    @Test func primingANewCatheterDeliversNoDoseAndThenStartsTherapy() throws {
        var session = F.session(pathPrimed: false)
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.mode == .stopped(.idle))  // nothing at the tip to deliver yet
        #expect(throws: TherapyError.pathNotPrimed) { try session.resume(at: F.origin) }
        try session.prime(newPath: true, at: F.origin)
        // 200 µL at 1 mL/h = 12 min; 800 steps.
        #expect(session.runSteps(until: F.at(.minutes(12))) == 800)
        #expect(session.ledger.deliveredMass == .zero)
        #expect(session.ledger.drugFreePicolitres == 200_000_000)
        #expect(session.mode == .running)
        #expect(session.reservoirRemaining == .millilitres(20) - .microlitres(200))
        session.runSteps(until: F.at(.minutes(12) + .days(1)))
        #expect(session.ledger.deliveredMass == .micrograms(500))
    }

    @Test func aBridgeKeepsTheDoseContinuousWhileANewConcentrationReachesTheTip() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.days(1)))
        let halfStrength = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(1000))
        let remaining = session.reservoirRemaining
        let outcome = try session.refill(volume: .millilitres(20), drug: halfStrength, withdrawn: remaining, at: F.at(.days(1)))
        #expect(outcome.bridging)
        // The 200 µL dead volume still holds 2000 µg/mL: 250 µL/day keeps 500 µg/day for 0.8 day.
        #expect(session.currentRate == .microlitresPerDay(250))
        let massBefore = session.ledger.deliveredMass
        session.runSteps(until: F.at(.days(2)))
        // Day 2: 0.8 day at 2000 µg/mL then 0.2 day at 1000 µg/mL (500 µL/day): 500 µg either way.
        let dayTwo = session.ledger.deliveredMass - massBefore
        #expect(abs(dayTwo.nanograms - 500_000) <= 500)  // within one step's drug (0.25 µL × 2 µg/µL)
        #expect(session.currentRate == .microlitresPerDay(500))
    }

    @Test func aRefillDiscrepancyBeyondToleranceRaisesANonCriticalAlarm() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.days(10)))  // 2.5 mL delivered: 17.5 mL expected back
        let outcome = try session.refill(volume: .millilitres(20), drug: F.baclofen2000, withdrawn: .millilitres(16), at: F.at(.days(10)))
        #expect(outcome.discrepancy == .millilitres(-1) - .microlitres(500))
        #expect(session.alarms.active[.refillDiscrepancy] != nil)
        #expect(session.mode == .running)
        #expect(session.reservoirRemaining == .millilitres(20))
    }

    @Test func aRefillThatWouldPushTheProgramPastTheRigRateIsRefusedAndChangesNothing() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        // 500 µg/day at 1 µg/mL = 500 mL/day: far above the rig's 10 mL/h? No: 20.8 mL/h is, and below the minimum rate check.
        let weak = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(1))
        #expect(throws: TherapyError.self) {
            try session.refill(volume: .millilitres(20), drug: weak, withdrawn: .millilitres(20), at: F.at(.hours(1)))
        }
        #expect(session.fill.drug == F.baclofen2000)
        #expect(session.fill.volume == .millilitres(20))
    }

    @Test func theReservoirNeverRunsDryDeliveryStopsAtTheEmptyThreshold() throws {
        var session = F.session(fill: .millilitres(3))
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.days(30)))
        #expect(session.reservoirRemaining == .microlitres(500))
        #expect(session.mode == .stopped(.alarm))
        #expect(session.alarms.active[.reservoirEmpty]?.severity == .critical)
        #expect(session.alarms.active[.reservoirLow] != nil)
        // 2.5 mL = 10 000 steps, then nothing more.
        #expect(session.ledger.position == 10_000 * 250_000)
        #expect(throws: TherapyError.self) { _ = try session.commandStep(at: F.at(.days(31))) }
    }

    /// (An occlusion is cleared only by a line test: LineTestSessionTests.)
    @Test func aCriticalAlarmStopsDeliveryAndOnlyAClinicianRestartsItOnceCleared() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        session.raiseAlarm(.safetySensorFailure, evidence: "pressure channel stuck", at: F.at(.hours(1)))
        #expect(session.mode == .stopped(.alarm))
        #expect(session.runSteps(until: F.at(.hours(2))) == 0)
        #expect(throws: TherapyError.blockedByAlarms([.safetySensorFailure])) { try session.resume(at: F.at(.hours(2))) }
        try session.acknowledgeAlarm(.safetySensorFailure, at: F.at(.hours(2)))
        #expect(throws: TherapyError.blockedByAlarms([.safetySensorFailure])) { try session.resume(at: F.at(.hours(2))) }
        session.clearAlarmCause(.safetySensorFailure, at: F.at(.hours(3)))
        #expect(session.mode == .stopped(.alarm))  // never restarts on its own
        try session.resume(at: F.at(.hours(3)))
        #expect(session.runSteps(until: F.at(.hours(4))) == 41)
    }

    @Test func batteryEndOfServiceStopsDeliveryAndElectiveReplacementOnlyWarns() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.recordBattery(millivolts: 3250, at: F.at(.hours(1)))
        #expect(session.alarms.active[.batteryElectiveReplacement] != nil)
        #expect(session.mode == .running)
        session.recordBattery(millivolts: 2990, at: F.at(.hours(2)))
        #expect(session.alarms.active[.batteryEndOfService]?.severity == .critical)
        #expect(session.mode == .stopped(.alarm))
    }

    @Test func theForecastPredictsTheLowReservoirAndEmptyDates() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        // 20 mL, 250 µL/day: 2 mL left after 72 days, 0.5 mL after 78 days.
        #expect(session.forecast.lowReservoirAt == F.origin.wall + .days(72))
        #expect(session.forecast.emptyAt == F.origin.wall + .days(78))
    }
}
