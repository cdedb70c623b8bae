import PumpCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Regressions from the first safety review of the core: each scenario once overdosed, stopped
/// therapy silently, caught up missed delivery or crashed the daemon.
@Suite struct ReviewFindingsTests {
    typealias F = SessionFixtures

    // R1: priming a path that already holds drug pushes drug at the priming rate, unchecked.
    @Test func r1_primingAPrimedPathDeliversUncheckedDrug() throws {
        var session = F.session()  // path primed with 2000 µg/mL
        try session.commit(F.prescription(), at: F.origin)  // limits: 50 µg bolus, 100 µg/h, 1000 µg/day
        let before = session.ledger.deliveredMass
        #expect(throws: TherapyError.self) { try session.prime(newPath: false, at: F.at(.minutes(1))) }
        #expect(session.mode == .running)
        session.runSteps(until: F.at(.minutes(14)))
        let dose = session.ledger.deliveredMass - before
        #expect(dose <= .micrograms(100), "priming delivered \(dose) against a 100 µg/h limit")
    }

    @Test func r1b_primingMoreThanTheDeadVolumeOnANewPathDeliversDrug() throws {
        var session = F.session(pathPrimed: false)
        try session.commit(F.prescription(), at: F.origin)
        #expect(throws: TherapyError.self) { try session.prime(volume: .millilitres(1), newPath: true, at: F.origin) }
        try session.prime(newPath: true, at: F.origin)  // the dead volume, 200 µL: allowed
        session.runSteps(until: F.at(.minutes(61)))
        #expect(session.ledger.deliveredMass <= .micrograms(100))
    }

    // R2: a bolus sized at the old concentration crosses the end of a bridge.
    @Test func r2_bolusCrossingTheEndOfABridgeOverdoses() throws {
        let weak = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(500))
        let strong = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))
        var session = TherapySession(
            rig: F.rig, fill: ReservoirFill(volume: .millilitres(20), drug: weak, filledAt: F.origin.wall, position: 0),
            pathPrimed: true, battery: F.battery, clock: F.origin)
        try session.commit(F.prescription(drug: weak), at: F.origin)  // 500 µg/day = 1 mL/day at 500 µg/mL
        _ = try session.refill(volume: .millilitres(20), drug: strong, withdrawn: session.reservoirRemaining, at: F.at(.minutes(1)))
        // 200 µL dead volume at 1 mL/day: the bridge ends after 4.8 h. Ask for 50 µg at 4.5 h.
        session.runSteps(until: F.at(.hours(4) + .minutes(30)))
        let before = session.ledger.deliveredMass
        try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(10)), at: F.at(.hours(4) + .minutes(30)))
        session.runSteps(until: F.at(.hours(4) + .minutes(40)))
        let delivered = session.ledger.deliveredMass - before
        // basal over 10 min is ~3.5 µg (at most 500 µg/day × 10 min = 3.47 µg at any concentration)
        #expect(delivered <= .micrograms(54))
    }

    // R3: stop/resume restarts the periodic phase: a new full periodic bolus at every resume.
    @Test func r3_stopResumeRepeatsPeriodicBoluses() throws {
        var session = F.session()
        var p = F.prescription(dailyDose: 100)
        p.periodicBolus = PeriodicBolus(dose: .micrograms(40), duration: .minutes(10), interval: .hours(6))
        p.limits = DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(50), maximumBolus: .micrograms(50))
        #expect(PrescriptionValidator.violations(of: p, rig: F.rig).isEmpty)
        try session.commit(p, at: F.origin)
        let before = session.ledger.deliveredMass
        for i: Int64 in 0..<5 {  // five stop/resume cycles in 75 minutes
            session.runSteps(until: F.at(.minutes(15 * i + 11)))
            session.stop(at: F.at(.minutes(15 * i + 11)))
            try session.resume(at: F.at(.minutes(15 * i + 15)))
        }
        session.runSteps(until: F.at(.minutes(75)))
        let delivered = session.ledger.deliveredMass - before
        #expect(delivered <= .micrograms(50 + 10))
    }

    @Test func r3b_outagesRepeatPeriodicBoluses() throws {
        var session = F.session()
        var p = F.prescription(dailyDose: 100)
        p.periodicBolus = PeriodicBolus(dose: .micrograms(40), duration: .minutes(10), interval: .hours(6))
        p.limits = DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(50), maximumBolus: .micrograms(50))
        try session.commit(p, at: F.origin)
        let before = session.ledger.deliveredMass
        for i: Int64 in 0..<4 {  // a daemon crash-loop: up 11 min, down 1 min
            session.runSteps(until: F.at(.minutes(12 * i + 11)))
            session.recordOutage(since: F.at(.minutes(12 * i + 11)), at: F.at(.minutes(12 * i + 12)))
        }
        session.runSteps(until: F.at(.minutes(60)))
        let delivered = session.ledger.deliveredMass - before
        #expect(delivered <= .micrograms(50))
    }

    // R4: per-weekday flex: a 24 h window spanning two weekdays is not checked.
    @Test func r4_weekdaySchedulesCanExceedTheDailyMaximumInA24HourWindow() throws {
        func t(_ h: Int) -> TimeOfDay { TimeOfDay(hour: h, minute: 0)! }
        let zero = DailySchedule(steps: [FlexStep(start: t(0), rate: .zero)])
        let mon = DailySchedule(steps: [FlexStep(start: t(0), rate: .zero), FlexStep(start: t(12), rate: .microgramsPerDay(1000))])
        let tue = DailySchedule(steps: [FlexStep(start: t(0), rate: .microgramsPerDay(1000)), FlexStep(start: t(12), rate: .zero)])
        var p = F.prescription()
        p.basal = .flex(FlexSchedule(everyDay: zero, byWeekday: [.monday: mon, .tuesday: tue]))
        p.limits = DoseLimits(maximumDailyDose: .micrograms(600), maximumHourlyDose: .micrograms(50), maximumBolus: .micrograms(50))
        let violations = PrescriptionValidator.violations(of: p, rig: F.rig)
        #expect(violations.map(\.rule) == [.aboveMaximumDailyDose])  // Monday 12:00 → Tuesday 12:00 holds 1000 µg
        var session = F.session()
        #expect(throws: TherapyError.self) { try session.commit(p, at: F.origin) }
    }

    // R5a: single-bolus hourly check ignores what is already programmed (a periodic bolus in progress).
    @Test func r5a_singleBolusOnTopOfARunningPeriodicBolusExceedsTheHourlyMaximum() throws {
        var session = F.session()
        var p = F.prescription(dailyDose: 100)
        p.periodicBolus = PeriodicBolus(dose: .micrograms(50), duration: .minutes(30), interval: .hours(6))
        p.limits = DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(60), maximumBolus: .micrograms(50))
        #expect(PrescriptionValidator.violations(of: p, rig: F.rig).isEmpty)
        try session.commit(p, at: F.origin)  // periodic bolus starts now
        do {
            try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(10)), at: F.at(.seconds(1)))
            Issue.record("a bolus on top of a running 50 µg periodic bolus was accepted against 60 µg/h")
        } catch .limitExceeded(let violation) {
            #expect(violation.rule == .aboveMaximumHourlyDose)
        } catch { Issue.record("unexpected \(error)") }
        session.runSteps(until: F.at(.minutes(60)))
        #expect(session.ledger.deliveredMass <= .micrograms(60))
    }

    // R5b: the rolling window's whole-minute buckets under-count the last hour by up to a minute.
    @Test func r5b_minuteBucketsLetTwoBolusesInsideOneHour() throws {
        var session = F.session()
        try session.commit(F.prescription(dailyDose: 100), at: F.origin)  // 50 µg bolus, 100 µg/h limit
        let a = F.at(.hours(1) + .seconds(45))
        try session.requestBolus(.single(dose: .micrograms(50), duration: .seconds(10)), at: a)
        session.runSteps(until: F.at(.hours(1) + .seconds(56)))
        let b = F.at(.hours(2) + .seconds(5))  // 59 min 20 s after the first started
        session.runSteps(until: b)
        var accepted = true
        do { try session.requestBolus(.single(dose: .micrograms(50), duration: .seconds(10)), at: b) } catch { accepted = false }
        #expect(!accepted)
    }

    // R6: after a bridge to a stronger drug, the guard keeps the weaker concentration for good.
    @Test func r6_guardStaysLooseAfterABridge() throws {
        let weak = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(500))
        let strong = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))
        var session = TherapySession(
            rig: F.rig, fill: ReservoirFill(volume: .millilitres(20), drug: weak, filledAt: F.origin.wall, position: 0),
            pathPrimed: true, battery: F.battery, clock: F.origin)
        try session.commit(F.prescription(drug: weak), at: F.origin)
        _ = try session.refill(volume: .millilitres(20), drug: strong, withdrawn: session.reservoirRemaining, at: F.at(.minutes(1)))
        session.runSteps(until: F.at(.days(3)))
        let slackSteps = -session.overinfusionGuard.excessPicolitres / 250_000
        #expect(slackSteps <= 3)
    }

    // R6b: a cancelled bolus keeps its guard credit.
    @Test func r6b_guardKeepsCreditOfACancelledBolus() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(30)), at: F.at(.hours(1)))
        try session.endBolus(at: F.at(.hours(1) + .seconds(1)))
        session.runSteps(until: F.at(.hours(2)))
        let slackSteps = -session.overinfusionGuard.excessPicolitres / 250_000
        #expect(slackSteps <= 3)
    }

    // R7: pathPrimed:false is ignored when the fill position is not zero.
    @Test func r7_unprimedPathIgnoredAtNonZeroPosition() throws {
        var session = TherapySession(
            rig: F.rig, fill: ReservoirFill(volume: .millilitres(20), drug: F.baclofen2000, filledAt: F.origin.wall, position: 5_000_000_000_000),
            pathPrimed: false, battery: F.battery, clock: F.origin)
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.mode == .stopped(.idle))
    }

    // R8: a priming shorter than the dead volume ends therapy silently.
    @Test func r8_shortPrimingSilentlyLeavesTherapyStopped() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        _ = session.eventKinds()
        #expect(throws: TherapyError.self) { try session.prime(volume: .microlitres(100), newPath: true, at: F.at(.hours(1))) }
        session.runSteps(until: F.at(.hours(2)))
        #expect(session.mode == .running)
        #expect(!session.eventKinds().contains(.deliveryStopped(.clinician)))
    }

    // R9: time the planner could not step (late wake, unnoticed stall, outage during priming) is caught up.
    @Test func r9_lateWakeIsCaughtUpInABurst() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.tick(at: F.at(.hours(1)))  // the loop was stalled for an hour
        let n = session.runSteps(until: F.at(.hours(1)))  // all at the same instant
        #expect(n <= 1)
    }

    @Test func r9b_outageDuringPrimingIsCaughtUp() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        try session.prime(newPath: true, at: F.at(.minutes(1)))  // 200 µL at 1 mL/h = 12 min
        session.runSteps(until: F.at(.minutes(2)))
        session.recordOutage(since: F.at(.minutes(2)), at: F.at(.minutes(8)))
        let n = session.runSteps(until: F.at(.minutes(8)))
        #expect(n <= 1)
    }

    // R10: an outage while stopped is counted as missed twice.
    @Test func r10_missedVolumeDoubleCounted() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        session.stop(at: F.at(.hours(1)))
        session.recordOutage(since: F.at(.hours(2)), at: F.at(.hours(3)))
        try session.resume(at: F.at(.hours(4)))
        // The 3 h stop once (31 250 nL) plus the partial step owed at the stop, never the outage twice.
        #expect((31_250...31_500).contains(session.ledger.missed.nanolitres))
    }

    // Crashes reachable from input (each body should NOT crash).
    @Test func t1_tinyBolusDoseTraps() async {
        await #expect(processExitsWith: .success) {
            var session = SessionFixtures.session()
            try? session.commit(SessionFixtures.prescription(), at: SessionFixtures.origin)
            _ = try? session.requestBolus(.single(dose: .nanograms(1), duration: .minutes(1)), at: SessionFixtures.at(.minutes(1)))
        }
    }

    @Test func t2_patientMaximumPerDayOverflowTrapsInValidation() async {
        await #expect(processExitsWith: .success) {
            var p = SessionFixtures.prescription()
            p.patientBolus = PatientBolusPolicy(dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: .max)
            _ = PrescriptionValidator.violations(of: p, rig: SessionFixtures.rig)
        }
    }

    @Test func t4_hugeFirstStartDelayTrapsAtCommit() async {
        await #expect(processExitsWith: .success) {
            var session = SessionFixtures.session()
            var p = SessionFixtures.prescription()
            p.periodicBolus = PeriodicBolus(dose: .micrograms(10), duration: .minutes(10), interval: .hours(6), firstStartDelay: .nanoseconds(.max))
            _ = try? session.commit(p, at: SessionFixtures.at(.hours(1)))
        }
    }

    @Test func t5_batteryPredictionTraps() async {
        await #expect(processExitsWith: .success) {
            var monitor = BatteryMonitor(thresholds: BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000))
            let t0 = SessionFixtures.origin.wall
            for i: Int64 in 0..<64 {  // a reading every 3 minutes, one 1 mV blip
                monitor.record(millivolts: i == 31 ? 4301 : 4300, at: t0 + .minutes(3 * i))
            }
            // A flat series with one blip: no prediction, and above all no trap.
            if monitor.predictedElectiveReplacement != nil { exit(1) }
        }
    }

    @Test func t6_readingBackwardsTraps() async {
        await #expect(processExitsWith: .success) {
            var session = SessionFixtures.session()
            session.tick(at: SessionFixtures.at(.seconds(10)))
            session.stop(at: SessionFixtures.at(.seconds(9)))  // a command whose reading was taken a moment earlier
        }
    }

    @Test func t7_hugePrimingVolumeTraps() async {
        await #expect(processExitsWith: .success) {
            var session = SessionFixtures.session()
            _ = try? session.prime(volume: .nanolitres(.max / 10), newPath: false, at: SessionFixtures.origin)
        }
    }

    // R12: wall-clock steps back into the peak step repeat it; no monotonic cap anywhere.
    @Test func r12_wallClockStepsBackRepeatThePeakStep() throws {
        func t(_ h: Int) -> TimeOfDay { TimeOfDay(hour: h, minute: 0)! }
        var p = F.prescription()
        p.basal = .flex(FlexSchedule(everyDay: DailySchedule(steps: [
            FlexStep(start: t(0), rate: .microgramsPerDay(100)), FlexStep(start: t(12), rate: .microgramsPerDay(2400)),
            FlexStep(start: t(13), rate: .microgramsPerDay(100))])))
        p.limits = DoseLimits(maximumDailyDose: .micrograms(250), maximumHourlyDose: .micrograms(110), maximumBolus: .micrograms(50))
        #expect(PrescriptionValidator.violations(of: p, rig: F.rig).isEmpty)
        var session = F.session()
        try session.commit(p, at: F.origin)
        var wallBack = TimeSpan.zero
        for h: Int64 in 13...16 {  // at each 13:00 local the clock is stepped back to 12:00
            let r = ClockReading(monotonic: F.origin.monotonic + .hours(h), wall: F.origin.wall + (.hours(h) - wallBack))
            session.runStepsOnSessionClock(until: r)
            wallBack = wallBack + .hours(1)
            session.tick(at: ClockReading(monotonic: r.monotonic, wall: r.wall + .hours(-1)))
        }
        session.runStepsOnSessionClock(until: ClockReading(monotonic: F.origin.monotonic + .hours(24), wall: F.origin.wall + (.hours(24) - wallBack)))
        #expect(session.ledger.deliveredMass <= .micrograms(250))
    }

    // R13: the guard's trip is permanent: acknowledge + resume re-trips at the first step.
    @Test func r13_guardTripNeverResets() {
        var g = OverinfusionGuard(toleranceSteps: 2, deadVolume: .microlitres(200), reservoir: F.baclofen2000.concentration, pathPrimed: true, clock: F.origin)
        g.programChanged(basal: .continuous(.microgramsPerDay(500)), periodic: nil, at: F.origin)
        g.started(at: F.origin)
        for _ in 0..<4 { _ = g.allowStep(.nanolitres(250), at: F.at(.seconds(1))) }  // a burst of 4 steps
        #expect(g.tripped)
        g.stopped(at: F.at(.minutes(1)))
        g.started(at: F.at(.hours(1)))
        let again = !g.allowStep(.nanolitres(250), at: F.at(.hours(1) + .minutes(2)))
        #expect(!again)
    }
}

extension TherapySession {
    mutating func runStepsOnSessionClock(until end: ClockReading) {
        while case .due(let due) = nextStep(), due <= end.monotonic {
            let reading = clock.advanced(by: due - clock.monotonic)
            guard (try? commandStep(at: reading)) != nil else { break }
        }
        tick(at: end)
    }
}
