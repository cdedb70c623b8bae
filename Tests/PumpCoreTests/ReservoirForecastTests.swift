import PumpCore
import Testing

/// 20 mL remaining, low-reservoir alarm at 2 mL (18 mL to use), empty at 0.5 mL (19.5 mL to use),
/// baclofen 2000 µg/mL so 500 µg/day = 250 µL/day.
@Suite struct ReservoirForecastTests {
    /// Saturday 2026-11-21 08:30 at +01:00.
    static let now = unitFixtureCivil(2026, 11, 21, 7, 30, utcOffsetSeconds: 3600)

    static func forecast(
        _ basal: BasalProgram, periodic: PeriodicBolus? = nil, patient: PatientBolusPolicy? = nil,
        remaining: Volume = .millilitres(20), lowAlarm: Volume = .millilitres(2), emptyThreshold: Volume = .microlitres(500),
        concentration: Concentration = .microgramsPerMillilitre(2000), from start: CivilTime = now
    ) -> ReservoirForecast {
        let prescription = Prescription(
            drug: Drug(name: "baclofen", concentration: concentration), basal: basal, periodicBolus: periodic,
            patientBolus: patient, limits: unitFixtureWideLimits, lowReservoirAlarm: lowAlarm)
        return ReservoirForecast.predict(
            remaining: remaining, prescription: prescription, concentration: concentration,
            emptyThreshold: emptyThreshold, from: start)
    }

    @Test func fiveHundredMicrogramsPerDayRunsLowInSeventyTwoDaysAndEmptyInSeventyEight() {
        // 18 mL ÷ 0.25 mL/day = 72 days; 19.5 mL ÷ 0.25 mL/day = 78 days.
        let f = Self.forecast(.continuous(.microgramsPerDay(500)))
        #expect(Self.now.description == "2026-11-21T08:30:00+01:00")
        #expect(f.lowReservoirAt == Self.now + .days(72))
        #expect(f.emptyAt == Self.now + .days(78))
        #expect(f.lowReservoirAt?.description == "2027-02-01T08:30:00+01:00")
        #expect(f.emptyAt?.description == "2027-02-07T08:30:00+01:00")
    }

    @Test func everyAllowedPatientBolusBringsTheDatesForward() throws {
        // 5 × 50 µg a day = 250 µg/day on top of 500: 750 µg/day = 375 µL/day.
        // Low: 18 mL ÷ 0.375 = 48 days (24 days earlier); empty: 19.5 ÷ 0.375 = 52 days (26 earlier).
        let f = Self.forecast(
            .continuous(.microgramsPerDay(500)),
            patient: PatientBolusPolicy(dose: .micrograms(50), duration: .minutes(10), lockout: .hours(3), maximumPerDay: 5))
        #expect(f.lowReservoirAt == Self.now + .days(48))
        #expect(f.emptyAt == Self.now + .days(52))
        let base = Self.forecast(.continuous(.microgramsPerDay(500)))
        #expect(try #require(base.lowReservoirAt) - (try #require(f.lowReservoirAt)) == .days(24))
        #expect(try #require(base.emptyAt) - (try #require(f.emptyAt)) == .days(26))
    }

    @Test func periodicBolusesAreSpreadOverTheDay() {
        // 100 µg every 8 h = 300 µg/day; 800 µg/day = 400 µL/day.
        // Low: 18 ÷ 0.4 = 45 days; empty: 19.5 ÷ 0.4 = 48.75 days = 48 d 18 h.
        let f = Self.forecast(
            .continuous(.microgramsPerDay(500)),
            periodic: PeriodicBolus(dose: .micrograms(100), duration: .minutes(30), interval: .hours(8)))
        #expect(f.lowReservoirAt == Self.now + .days(45))
        #expect(f.emptyAt == Self.now + .days(48) + .hours(18))
    }

    @Test func periodicOnlyProgramWithoutBasalStillEmptiesTheReservoir() {
        // 250 µg every 12 h = 500 µg/day, the same 250 µL/day as the continuous case.
        let f = Self.forecast(
            BasalProgram.none, periodic: PeriodicBolus(dose: .micrograms(250), duration: .minutes(30), interval: .hours(12)))
        #expect(f.lowReservoirAt == Self.now + .days(72))
        #expect(f.emptyAt == Self.now + .days(78))
    }

    @Test func flexScheduleIsWalkedOnTheLocalWallClock() {
        // Nothing 00:00–12:00 local, 1000 µg/day = 500 µL/day from 12:00. Start Saturday 00:00 +01:00
        // with 100 µL to the low alarm and 300 µL to empty.
        // Low: 100 µL ÷ 500 µL/day = 0.2 day = 4 h 48 min after 12:00 → 16:48 Saturday.
        // Empty: Saturday afternoon uses 500 × 0.5 = 250 µL; the last 50 µL take 0.1 day = 2 h 24 min
        // after 12:00 Sunday → 14:24 Sunday.
        let midnight = unitFixtureCivil(2026, 11, 20, 23, 0, utcOffsetSeconds: 3600)
        #expect(midnight.description == "2026-11-21T00:00:00+01:00")
        let f = Self.forecast(
            .flex(FlexSchedule(everyDay: DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 0), unitFixtureStep(12, microgramsPerDay: 1000)]))),
            lowAlarm: .microlitres(19_900), emptyThreshold: .microlitres(19_700), from: midnight)
        #expect(f.lowReservoirAt?.description == "2026-11-21T16:48:00+01:00")
        #expect(f.emptyAt?.description == "2026-11-22T14:24:00+01:00")
        #expect(f.lowReservoirAt == midnight + .hours(16) + .minutes(48))
        #expect(f.emptyAt == midnight + .hours(38) + .minutes(24))
    }

    @Test func forecastStartingPartWayThroughAStepCountsOnlyTheRestOfIt() {
        // Same schedule from 18:00 Saturday: 6 h × 500 µL/day ÷ 24 = 125 µL by midnight.
        // Low (100 µL) at 18:00 + 4 h 48 min = 22:48; empty (300 µL): 175 µL left after midnight,
        // 175 ÷ 500 day = 0.35 day = 8 h 24 min after 12:00 Sunday → 20:24.
        let evening = unitFixtureCivil(2026, 11, 21, 17, 0, utcOffsetSeconds: 3600)
        let f = Self.forecast(
            .flex(FlexSchedule(everyDay: DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 0), unitFixtureStep(12, microgramsPerDay: 1000)]))),
            lowAlarm: .microlitres(19_900), emptyThreshold: .microlitres(19_700), from: evening)
        #expect(f.lowReservoirAt?.description == "2026-11-21T22:48:00+01:00")
        #expect(f.emptyAt?.description == "2026-11-22T20:24:00+01:00")
    }

    @Test func reservoirAlreadyBelowTheLowAlarmIsLowNow() {
        // 1.5 mL left is already under the 2 mL alarm; 1 mL to empty at 250 µL/day = 4 days.
        let f = Self.forecast(.continuous(.microgramsPerDay(500)), remaining: .microlitres(1_500))
        #expect(f.lowReservoirAt == Self.now)
        #expect(f.emptyAt == Self.now + .days(4))
    }

    @Test func zeroRateProgramNeverRunsLowOrEmpty() {
        let none = Self.forecast(BasalProgram.none)
        #expect(none.lowReservoirAt == nil)
        #expect(none.emptyAt == nil)
        let zero = Self.forecast(.continuous(.zero))
        #expect(zero.lowReservoirAt == nil)
        #expect(zero.emptyAt == nil)
    }

    @Test func drugFreeFluidHasNoForecast() {
        let f = Self.forecast(.continuous(.microgramsPerDay(500)), concentration: .none)
        #expect(f.lowReservoirAt == nil)
        #expect(f.emptyAt == nil)
    }

    @Test func datesBeyondTheTwoYearHorizonAreNil() {
        // 1 µg/day = 0.5 µL/day: 18 mL would take 36 000 days, far past 730.
        let f = Self.forecast(.continuous(.microgramsPerDay(1)))
        #expect(f.lowReservoirAt == nil)
        #expect(f.emptyAt == nil)
        // 50 µg/day = 25 µL/day: low after 18 mL ÷ 25 µL = 720 days (inside the 730-day horizon),
        // empty after 19.5 mL ÷ 25 µL = 780 days (outside).
        let edge = Self.forecast(.continuous(.microgramsPerDay(50)))
        #expect(edge.lowReservoirAt == Self.now + .days(720))
        #expect(edge.emptyAt == nil)
    }
}
