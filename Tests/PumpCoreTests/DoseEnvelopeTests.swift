import PumpCore
import Testing

/// Rates here are chosen as whole µg per hour (× 24 µg/day) so each window sums by hand.
@Suite struct DoseEnvelopeTests {
    static func envelope(
        _ basal: BasalProgram, periodic: PeriodicBolus? = nil, patient: PatientBolusPolicy? = nil
    ) -> DoseEnvelope {
        DoseEnvelope(Prescription(
            drug: unitFixtureBaclofen, basal: basal, periodicBolus: periodic, patientBolus: patient,
            limits: unitFixtureWideLimits, lowReservoirAlarm: .millilitres(2)))
    }

    static func everyDay(_ steps: FlexStep...) -> BasalProgram {
        .flex(FlexSchedule(everyDay: DailySchedule(steps: steps)))
    }

    /// A step at `hour:minute` running `perHour` µg/h.
    static func step(_ hour: Int, _ minute: Int = 0, perHour: Int64) -> FlexStep {
        unitFixtureStep(hour, minute, microgramsPerDay: perHour * 24)
    }

    @Test func worstHourStartsOnAThirtyMinuteHighStepFollowedByAMediumOne() {
        // 10 µg/h, 08:00 60 µg/h for 30 min, 08:30 30 µg/h until 10:00, then 10 µg/h.
        // 08:00–09:00 = 30 min × 60 + 30 min × 30 = 30 + 15 = 45 µg; 07:30–08:30 only 5 + 30 = 35 µg.
        let e = Self.envelope(Self.everyDay(
            Self.step(0, perHour: 10), Self.step(8, perHour: 60), Self.step(8, 30, perHour: 30), Self.step(10, perHour: 10)))
        #expect(e.worstHourDose == .micrograms(45))
        // Day: 8 h × 10 + 0.5 h × 60 + 1.5 h × 30 + 14 h × 10 = 80 + 30 + 45 + 140 = 295 µg.
        #expect(e.basalDailyDose[.monday] == .micrograms(295))
        #expect(e.worstDayDose == .micrograms(295))
        #expect(e.peakMassRate == .microgramsPerHour(60))
    }

    @Test func worstHourEndsOnAThirtyMinuteHighStepPrecededByAMediumOne() {
        // 10 µg/h, 07:00 30 µg/h, 08:00 60 µg/h for 30 min, 08:30 10 µg/h.
        // 07:30–08:30 = 30 min × 30 + 30 min × 60 = 15 + 30 = 45 µg, a window that starts on no step.
        // Windows starting on steps: 07:00–08:00 = 30 µg, 08:00–09:00 = 30 + 5 = 35 µg.
        let e = Self.envelope(Self.everyDay(
            Self.step(0, perHour: 10), Self.step(7, perHour: 30), Self.step(8, perHour: 60), Self.step(8, 30, perHour: 10)))
        #expect(e.worstHourDose == .micrograms(45))
    }

    @Test func worstHourWrapsAcrossMidnight() {
        // 48 µg/h 23:30–00:30, nothing otherwise. Within one calendar day the best hour has 24 µg;
        // across midnight 23:30–00:30 = 24 + 24 = 48 µg.
        let e = Self.envelope(Self.everyDay(
            Self.step(0, perHour: 48), Self.step(0, 30, perHour: 0), Self.step(23, 30, perHour: 48)))
        #expect(e.worstHourDose == .micrograms(48))
        #expect(e.basalDailyDose[.wednesday] == .micrograms(48))  // 2 × 30 min × 48 µg/h
    }

    @Test func worstHourWrapsFromSundayToMonday() {
        // Only Sunday 23:30–24:00 and Monday 00:00–00:30 run, at 48 µg/h: the worst hour spans the
        // end of the week, 24 + 24 = 48 µg.
        let off = DailySchedule(steps: [Self.step(0, perHour: 0)])
        let sunday = DailySchedule(steps: [Self.step(0, perHour: 0), Self.step(23, 30, perHour: 48)])
        let monday = DailySchedule(steps: [Self.step(0, perHour: 48), Self.step(0, 30, perHour: 0)])
        let e = Self.envelope(.flex(FlexSchedule(everyDay: off, byWeekday: [.sunday: sunday, .monday: monday])))
        #expect(e.worstHourDose == .micrograms(48))
        #expect(e.basalDailyDose[.sunday] == .micrograms(24))
        #expect(e.basalDailyDose[.monday] == .micrograms(24))
        #expect(e.basalDailyDose[.tuesday] == .zero)
        // Each calendar day holds 24 µg, but a 24 h window from Sunday 23:30 holds both halves.
        #expect(e.worstDayDose == .micrograms(48))
    }

    @Test func saturdayLateStepDoesNotJoinAQuietSunday() {
        // Saturday 23:30 at 48 µg/h, Sunday quiet: the worst hour is only 24 µg.
        let off = DailySchedule(steps: [Self.step(0, perHour: 0)])
        let saturday = DailySchedule(steps: [Self.step(0, perHour: 0), Self.step(23, 30, perHour: 48)])
        let e = Self.envelope(.flex(FlexSchedule(everyDay: off, byWeekday: [.saturday: saturday])))
        #expect(e.worstHourDose == .micrograms(24))
    }

    @Test func weekdayScheduleSetsThatDaysDoseAndTheWorstDay() {
        // Every day 10 µg/h = 240 µg; Friday 20 µg/h = 480 µg.
        let e = Self.envelope(.flex(FlexSchedule(
            everyDay: DailySchedule(steps: [Self.step(0, perHour: 10)]),
            byWeekday: [.friday: DailySchedule(steps: [Self.step(0, perHour: 20)])])))
        #expect(e.basalDailyDose[.thursday] == .micrograms(240))
        #expect(e.basalDailyDose[.friday] == .micrograms(480))
        #expect(e.basalDailyDose.count == 7)
        #expect(e.worstDayDose == .micrograms(480))
        #expect(e.worstHourDose == .micrograms(20))
    }

    @Test func worstHourRoundsUpToTheNanogram() {
        // 1 µg/day for an hour = 1000 ng ÷ 24 = 41.67 ng → 42 ng (an upper bound).
        let e = Self.envelope(.continuous(.microgramsPerDay(1)))
        #expect(e.worstHourDose == .nanograms(42))
        #expect(e.basalDailyDose[.monday] == .micrograms(1))
    }

    @Test func periodicAndPatientBolusesAddTheirWorstCaseToDayHourAndPeak() {
        // Basal 10 µg/h = 240 µg/day.
        // Periodic 25 µg over 15 min every 4 h: 6 a day = 150 µg; 1 in any hour;
        //   flow 25 µg / 15 min = 100 µg/h.
        // Patient 10 µg over 5 min, lockout 25 min, at most 6 a day: 60 µg a day; in an hour starts
        //   at 0, 25 and 50 min = 3 = 30 µg; flow 10 µg / 5 min = 120 µg/h.
        let e = Self.envelope(
            .continuous(.microgramsPerHour(10)),
            periodic: PeriodicBolus(dose: .micrograms(25), duration: .minutes(15), interval: .hours(4)),
            patient: PatientBolusPolicy(dose: .micrograms(10), duration: .minutes(5), lockout: .minutes(25), maximumPerDay: 6))
        #expect(e.periodicDailyDose == .micrograms(150))
        #expect(e.patientDailyDose == .micrograms(60))
        #expect(e.worstDayDose == .micrograms(450))  // 240 + 150 + 60
        #expect(e.worstHourDose == .micrograms(65))  // 10 + 25 + 30
        #expect(e.peakMassRate == .microgramsPerHour(230))  // 10 + 100 + 120
    }

    @Test func periodicBolusesEveryFortyFiveMinutesFitTwoInAnHourAndThirtyTwoInADay() {
        // Starts 0 and 45 min lie within one hour; 24 h ÷ 45 min = 32 starts in a day (0 … 23:15).
        let e = Self.envelope(
            BasalProgram.none,
            periodic: PeriodicBolus(dose: .micrograms(5), duration: .minutes(10), interval: .minutes(45)))
        #expect(e.worstHourDose == .micrograms(10))
        #expect(e.periodicDailyDose == .micrograms(160))
        #expect(e.worstDayDose == .micrograms(160))
        #expect(e.peakMassRate == .microgramsPerHour(30))  // 5 µg / 10 min
    }

    @Test func patientBolusesInTheWorstHourAreCappedByTheDailyMaximum() {
        // Lockout 25 min would allow 3 starts in an hour, but only 2 are allowed a day.
        let e = Self.envelope(
            BasalProgram.none,
            patient: PatientBolusPolicy(dose: .micrograms(10), duration: .minutes(5), lockout: .minutes(25), maximumPerDay: 2))
        #expect(e.worstHourDose == .micrograms(20))
        #expect(e.patientDailyDose == .micrograms(20))
    }

    @Test func noBasalAndNoBolusesIsAnEmptyEnvelope() {
        let e = Self.envelope(BasalProgram.none)
        #expect(e.worstDayDose == .zero)
        #expect(e.worstHourDose == .zero)
        #expect(e.peakMassRate == .zero)
    }
}
