import PumpCore
import Testing

/// The reference prescription and rig are described in `TestFixtures+Units.swift`: worst day
/// 825 µg (limit 1000), worst hour 100 µg (limit 150), peak flow 137.5 µL/h (rig 1 mL/h).
@Suite struct PrescriptionValidatorTests {
    /// `rule @ field` for each violation, in the order reported.
    static func found(_ prescription: Prescription, rig: RigConfiguration = unitFixtureRig()) -> [String] {
        PrescriptionValidator.violations(of: prescription, rig: rig).map { "\($0.rule.rawValue) @ \($0.field)" }
    }

    static func flex(_ steps: FlexStep...) -> BasalProgram {
        .flex(FlexSchedule(everyDay: DailySchedule(steps: steps)))
    }

    // MARK: - Valid programs

    @Test func validFlexPrescriptionWithBothBolusesHasNoViolations() {
        #expect(Self.found(unitFixturePrescription()) == [])
    }

    @Test func validContinuousAndPeriodicOnlyPrescriptionsHaveNoViolations() {
        #expect(Self.found(unitFixturePrescription(basal: .continuous(.microgramsPerDay(500)))) == [])
        // No basal at all: the periodic bolus alone carries the therapy.
        #expect(Self.found(unitFixturePrescription(basal: BasalProgram.none, patientBolus: .some(nil))) == [])
    }

    @Test func twentyFourFlexStepsAreAllowed() {
        // 24 half-hour steps 00:00 … 11:30, all 400 µg/day.
        let steps = (0..<24).map { unitFixtureStep($0 / 2, $0 % 2 * 30, microgramsPerDay: 400) }
        #expect(Self.found(unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: steps))))) == [])
    }

    // MARK: - One rule at a time

    @Test func blankDrugNameIsAMissingValue() {
        let p = unitFixturePrescription(drug: Drug(name: "  ", concentration: .microgramsPerMillilitre(2000)))
        #expect(Self.found(p) == ["missing-value @ drug.name"])
    }

    @Test func scheduleWithoutStepsIsAMissingValue() {
        #expect(Self.found(unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: []))))) ==
            ["missing-value @ basal.flex.everyDay.steps"])
    }

    @Test func zeroConcentrationIsNotPositive() {
        let p = unitFixturePrescription(drug: Drug(name: "baclofen", concentration: .none))
        #expect(Self.found(p) == ["not-positive @ drug.concentration"])
    }

    @Test func zeroHourlyLimitIsNotPositive() {
        let p = unitFixturePrescription(limits: DoseLimits(
            maximumDailyDose: .micrograms(1000), maximumHourlyDose: .zero, maximumBolus: .micrograms(100)))
        // The envelope is still checked: its worst hour (100 µg) is above a maximum of zero.
        #expect(Self.found(p) == ["not-positive @ limits.maximumHourlyDose", "above-maximum-hourly-dose @ basal"])
    }

    @Test func negativeStepRateIsNotPositiveAndNamesTheStep() {
        let p = unitFixturePrescription(basal: Self.flex(
            unitFixtureStep(0, microgramsPerDay: 400), FlexStep(start: unitFixtureTime(7), rate: .nanogramsPerDay(-1))))
        #expect(Self.found(p) == ["not-positive @ basal.flex.everyDay.steps[1].rate"])
    }

    @Test func negativeFirstStartDelayAndZeroPatientMaximumAreNotPositive() {
        let p = unitFixturePrescription(
            periodicBolus: PeriodicBolus(dose: .micrograms(50), duration: .minutes(30), interval: .hours(6), firstStartDelay: .minutes(-1)),
            patientBolus: PatientBolusPolicy(dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 0))
        #expect(Self.found(p) == ["not-positive @ periodicBolus.firstStartDelay", "not-positive @ patientBolus.maximumPerDay"])
    }

    @Test func moreThanTwentyFourFlexStepsAreTooMany() {
        // 25 half-hour steps 00:00 … 12:00.
        let steps = (0..<25).map { unitFixtureStep($0 / 2, $0 % 2 * 30, microgramsPerDay: 400) }
        let violations = PrescriptionValidator.violations(
            of: unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: steps)))), rig: unitFixtureRig())
        #expect(violations.map(\.rule) == [.tooManyScheduleSteps])
        #expect(violations.first?.field == "basal.flex.everyDay.steps")
        #expect(violations.first?.actual == "25 steps")
        #expect(violations.first?.limit == "≤ 24 steps")
    }

    @Test func scheduleNotStartingAtMidnightIsRefused() {
        let p = unitFixturePrescription(basal: Self.flex(
            unitFixtureStep(1, microgramsPerDay: 400), unitFixtureStep(7, microgramsPerDay: 600)))
        let violations = PrescriptionValidator.violations(of: p, rig: unitFixtureRig())
        #expect(violations.map(\.rule) == [.scheduleMustStartAtMidnight])
        #expect(violations.first?.field == "basal.flex.everyDay.steps[0].start")
        #expect(violations.first?.actual == "01:00")
    }

    @Test func stepStartingBeforeOrAtItsPredecessorIsNotAscending() {
        let backwards = unitFixturePrescription(basal: Self.flex(
            unitFixtureStep(0, microgramsPerDay: 400), unitFixtureStep(7, microgramsPerDay: 600),
            unitFixtureStep(6, microgramsPerDay: 500), unitFixtureStep(22, microgramsPerDay: 400)))
        #expect(Self.found(backwards) == ["schedule-steps-not-ascending @ basal.flex.everyDay.steps[2].start"])
        let duplicate = unitFixturePrescription(basal: Self.flex(
            unitFixtureStep(0, microgramsPerDay: 400), unitFixtureStep(7, microgramsPerDay: 600),
            unitFixtureStep(7, microgramsPerDay: 500)))
        #expect(Self.found(duplicate) == ["schedule-steps-not-ascending @ basal.flex.everyDay.steps[2].start"])
    }

    @Test func faultInAWeekdayScheduleNamesTheWeekday() {
        let monday = DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 400), unitFixtureStep(12, microgramsPerDay: 500), unitFixtureStep(12, microgramsPerDay: 600)])
        let everyDay = DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 400)])
        let p = unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: everyDay, byWeekday: [.monday: monday])))
        #expect(Self.found(p) == ["schedule-steps-not-ascending @ basal.flex.byWeekday.monday.steps[2].start"])
    }

    @Test func nonZeroRateBelowRigMinimumIsRefusedButZeroIsAllowed() {
        // Rig minimum 100 µL/day. 100 µg/day ÷ 2000 µg/mL = 50 µL/day: too low. 0 is "off", allowed.
        let rig = unitFixtureRig(minimumRate: .microlitresPerDay(100))
        let p = unitFixturePrescription(basal: Self.flex(
            unitFixtureStep(0, microgramsPerDay: 100), unitFixtureStep(7, microgramsPerDay: 600), unitFixtureStep(22, microgramsPerDay: 0)))
        #expect(Self.found(p, rig: rig) == ["below-rig-minimum-rate @ basal.flex.everyDay.steps[0].rate"])
        // 200 µg/day = 100 µL/day is exactly the minimum: allowed.
        let atMinimum = unitFixturePrescription(basal: .continuous(.microgramsPerDay(200)))
        #expect(Self.found(atMinimum, rig: rig) == [])
        let continuous = unitFixturePrescription(basal: .continuous(.microgramsPerDay(199)))
        #expect(Self.found(continuous, rig: rig) == ["below-rig-minimum-rate @ basal.rate"])
    }

    @Test func periodicIntervalOfFourMinutesInsteadOfFourHoursIsTooShort() {
        // The recall: "4" typed as minutes where hours were meant.
        let violations = PrescriptionValidator.violations(
            of: unitFixturePrescription(periodicBolus: PeriodicBolus(dose: .micrograms(50), duration: .minutes(2), interval: .minutes(4))),
            rig: unitFixtureRig())
        #expect(violations.map(\.rule) == [.intervalTooShort])
        #expect(violations.first?.field == "periodicBolus.interval")
        #expect(violations.first?.actual == "4 min")
        #expect(violations.first?.limit == "≥ 30 min")
        // The same program in hours: 50 µg every 4 h = 6 a day = 300 µg; worst day 525 + 300 + 100 = 925 µg.
        #expect(Self.found(unitFixturePrescription(
            periodicBolus: PeriodicBolus(dose: .micrograms(50), duration: .minutes(2), interval: .hours(4)))) == [])
    }

    @Test func periodicDurationAsLongAsTheIntervalIsRefused() {
        let p = unitFixturePrescription(periodicBolus: PeriodicBolus(dose: .micrograms(50), duration: .hours(6), interval: .hours(6)))
        #expect(Self.found(p) == ["duration-not-shorter-than-interval @ periodicBolus.duration"])
    }

    @Test func patientLockoutShorterThanBolusDurationIsRefused() {
        let p = unitFixturePrescription(patientBolus: PatientBolusPolicy(
            dose: .micrograms(25), duration: .minutes(10), lockout: .minutes(5), maximumPerDay: 4))
        // Checked with the envelope: a 5-minute lockout allows more boluses in the worst hour.
        #expect(Self.found(p) == ["lockout-shorter-than-duration @ patientBolus.lockout", "above-maximum-hourly-dose @ basal"])
    }

    @Test func periodicAndPatientDosesAboveMaximumBolusAreBothReported() {
        // Maximum bolus 100 µg; 101 µg each.
        let p = unitFixturePrescription(
            periodicBolus: PeriodicBolus(dose: .micrograms(101), duration: .minutes(30), interval: .hours(6)),
            patientBolus: PatientBolusPolicy(dose: .micrograms(101), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 4))
        // The envelope is checked too: the larger boluses push the day and the hour over theirs.
        #expect(Self.found(p) == [
            "above-maximum-bolus @ periodicBolus.dose", "above-maximum-bolus @ patientBolus.dose", "above-maximum-daily-dose @ basal",
            "above-maximum-hourly-dose @ basal",
        ])
    }

    @Test func lowReservoirAlarmMustLieStrictlyBetweenEmptyThresholdAndCapacity() {
        // Rig: empty at 0.5 mL, capacity 20 mL.
        #expect(Self.found(unitFixturePrescription(lowReservoirAlarm: .microlitres(500))) == ["low-reservoir-alarm-out-of-range @ lowReservoirAlarm"])
        #expect(Self.found(unitFixturePrescription(lowReservoirAlarm: .millilitres(20))) == ["low-reservoir-alarm-out-of-range @ lowReservoirAlarm"])
        #expect(Self.found(unitFixturePrescription(lowReservoirAlarm: .nanolitres(500_001))) == [])
        #expect(Self.found(unitFixturePrescription(lowReservoirAlarm: .nanolitres(19_999_999))) == [])
    }

    @Test func refillAboveReservoirCapacityIsRefused() throws {
        // The validator itself never produces this rule; the refill command does (20 mL reservoir).
        let start = ClockReading(monotonic: MonotonicInstant(nanoseconds: 0), wall: unitFixtureCivil(2026, 11, 21, 8))
        var session = TherapySession(
            rig: unitFixtureRig(),
            fill: ReservoirFill(volume: .millilitres(10), drug: unitFixtureBaclofen, filledAt: start.wall, position: 0),
            pathPrimed: true,
            battery: BatteryThresholds(electiveReplacementMillivolts: 2600, endOfServiceMillivolts: 2400),
            clock: start)
        do {
            try session.refill(volume: .millilitres(21), drug: unitFixtureBaclofen, withdrawn: .millilitres(10), at: start.advanced(by: .minutes(1)))
            Issue.record("a 21 mL refill into a 20 mL reservoir was accepted")
        } catch {
            guard case .invalidRefill(let violations) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(violations.map { "\($0.rule.rawValue) @ \($0.field)" } == ["above-reservoir-capacity @ refill.volume"])
        }
        #expect(session.fill.volume == .millilitres(10))
    }

    // MARK: - Every fault at once

    @Test func threeIndependentFaultsAreAllReportedAtOnce() {
        let p = unitFixturePrescription(
            drug: Drug(name: "", concentration: .microgramsPerMillilitre(2000)),
            periodicBolus: PeriodicBolus(dose: .micrograms(50), duration: .minutes(2), interval: .minutes(4)),
            lowReservoirAlarm: .zero)
        #expect(Set(Self.found(p)) == [
            "missing-value @ drug.name",
            "interval-too-short @ periodicBolus.interval",
            "low-reservoir-alarm-out-of-range @ lowReservoirAlarm",
        ])
        #expect(Self.found(p).count == 3)
    }

    // MARK: - Envelope limits

    @Test func worstCaseDailyDoseCountsEveryAllowedPatientBolus() {
        func patient(_ perDay: Int) -> PatientBolusPolicy {
            PatientBolusPolicy(dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: perDay)
        }
        // 11 a day: 525 + 200 + 11 × 25 = 1000 µg, exactly the limit.
        #expect(Self.found(unitFixturePrescription(patientBolus: patient(11))) == [])
        // 12 a day: 525 + 200 + 300 = 1025 µg.
        let violations = PrescriptionValidator.violations(of: unitFixturePrescription(patientBolus: patient(12)), rig: unitFixtureRig())
        #expect(violations.map(\.rule) == [.aboveMaximumDailyDose])
        #expect(violations.first?.actual ==
            "1025 µg in the worst 24 h (basal 525 µg + periodic 200 µg + patient 300 µg)")
        #expect(violations.first?.limit == "≤ 1000 µg")
    }

    @Test func worstHourAboveTheHourlyLimitIsRefused() {
        // Worst hour: 25 µg basal (600 µg/day ÷ 24) + one 50 µg periodic + one 25 µg patient = 100 µg.
        func limits(hourly: Int64) -> DoseLimits {
            DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(hourly), maximumBolus: .micrograms(100))
        }
        #expect(Self.found(unitFixturePrescription(limits: limits(hourly: 100))) == [])
        let violations = PrescriptionValidator.violations(of: unitFixturePrescription(limits: limits(hourly: 99)), rig: unitFixtureRig())
        #expect(violations.map(\.rule) == [.aboveMaximumHourlyDose])
        #expect(violations.first?.actual == "100 µg in the worst hour")
        #expect(violations.first?.limit == "≤ 99 µg")
    }

    @Test func peakFlowOfBasalAndBothBolusesAboveTheRigMaximumIsRefused() {
        // Rig limited to 100 µL/h (step frequency allows 9 mL/h, so the rate limit binds).
        let rig = unitFixtureRig(maximumRate: .microlitresPerHour(100))
        // Basal 600 + periodic 2400 + patient 3600 = 6600 µg/day = 3.3 mL/day = 137.5 µL/h.
        let violations = PrescriptionValidator.violations(of: unitFixturePrescription(), rig: rig)
        #expect(violations.map(\.rule) == [.aboveRigMaximumRate])
        #expect(violations.first?.field == "basal")
        #expect(violations.first?.actual == "peak 3.3 mL/day (basal and boluses together)")
        #expect(violations.first?.limit == "≤ 2.4 mL/day")
        // Without the patient bolus: 3000 µg/day = 1.5 mL/day = 62.5 µL/h.
        #expect(Self.found(unitFixturePrescription(patientBolus: .some(nil)), rig: rig) == [])
    }

    @Test func stepFrequencyLimitBindsForATinyStepVolumeAtHighRate() {
        // 0.1 nL steps at most 100/s = 100 × 100 pL × 86 400 s = 8.64 × 10⁸ pL/day = 36 µL/h,
        // far below the 1 mL/h rate limit.
        let rig = unitFixtureRig(stepVolume: .picolitres(100), maximumStepsPerSecond: 100)
        let limits = DoseLimits(maximumDailyDose: .micrograms(3000), maximumHourlyDose: .micrograms(150), maximumBolus: .micrograms(100))
        // 2000 µg/day ÷ 2000 µg/mL = 1 mL/day = 41.667 µL/h = 10⁹ pL/day ÷ (100 pL × 86 400 s)
        // = 115.7 → 116 steps/s.
        let fast = unitFixturePrescription(basal: .continuous(.microgramsPerDay(2000)), periodicBolus: .some(nil), patientBolus: .some(nil), limits: limits)
        let violations = PrescriptionValidator.violations(of: fast, rig: rig)
        #expect(violations.map(\.rule) == [.aboveRigMaximumStepFrequency])
        #expect(violations.first?.actual == "peak 1 mL/day = 116 steps/s")
        #expect(violations.first?.limit == "≤ 100 steps/s")
        // 800 µg/day = 0.4 mL/day = 16.667 µL/h fits under 36 µL/h.
        let slow = unitFixturePrescription(basal: .continuous(.microgramsPerDay(800)), periodicBolus: .some(nil), patientBolus: .some(nil), limits: limits)
        #expect(Self.found(slow, rig: rig) == [])
        // The same fast program on the 250 nL rig (10 steps/s = 9 mL/h ≥ 1 mL/h) is fine.
        #expect(Self.found(fast) == [])
    }

    @Test func envelopeLimitsAreReportedTogether() {
        // Daily 1000 → 12 patient boluses give 1025 µg; hourly 99 µg < 100 µg; rig 100 µL/h < 137.5 µL/h.
        let p = unitFixturePrescription(
            patientBolus: PatientBolusPolicy(dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 12),
            limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(99), maximumBolus: .micrograms(100)))
        let rules = PrescriptionValidator.violations(of: p, rig: unitFixtureRig(maximumRate: .microlitresPerHour(100))).map(\.rule)
        #expect(Set(rules) == [.aboveMaximumDailyDose, .aboveMaximumHourlyDose, .aboveRigMaximumRate])
        #expect(rules.count == 3)
    }

    @Test func violationDescriptionNamesFieldRuleValueAndLimit() {
        let v = LimitViolation(.intervalTooShort, field: "periodicBolus.interval", actual: "4 min", limit: "≥ 30 min")
        #expect(v.description == "periodicBolus.interval: interval-too-short: 4 min, must be ≥ 30 min")
    }
}

extension PrescriptionValidatorTests {
    @Test func aDrugNameWithAControlCharacterOrTooLongIsOutOfRange() {
        #expect(PrescriptionValidator.drugNameViolations("baclofen\nforged", field: "drug.name").map(\.rule) == [.outOfRange])
        #expect(PrescriptionValidator.drugNameViolations(String(repeating: "x", count: 65), field: "drug.name").map(\.rule) == [.outOfRange])
        #expect(PrescriptionValidator.drugNameViolations(String(repeating: "x", count: 64), field: "drug.name").isEmpty)
        #expect(PrescriptionValidator.drugNameViolations("ziconotide (Prialt) 100 µg/mL", field: "drug.name").isEmpty)
        #expect(PrescriptionValidator.drugNameViolations("", field: "drug.name").map(\.rule) == [.missingValue])
    }
}
