import PumpCore

// Shared fixtures for the unit suites. Every helper carries the `unitFixture` prefix so it cannot
// collide with fixtures other test files define.

/// `TimeOfDay(hour:minute:)` for literals known to be valid.
func unitFixtureTime(_ hour: Int, _ minute: Int = 0) -> TimeOfDay {
    TimeOfDay(hour: hour, minute: minute)!
}

/// A flex step starting at `hour:minute` delivering `microgramsPerDay`.
func unitFixtureStep(_ hour: Int, _ minute: Int = 0, microgramsPerDay: Int64) -> FlexStep {
    FlexStep(start: unitFixtureTime(hour, minute), rate: .microgramsPerDay(microgramsPerDay))
}

/// Wall time of a UTC calendar instant shown at `utcOffsetSeconds`. The day count comes from
/// `CivilTime.daysSinceEpoch`, which `CivilTimeTests` checks against independently computed values.
func unitFixtureCivil(
    _ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0, _ second: Int64 = 0,
    utcOffsetSeconds: Int32 = 0
) -> CivilTime {
    let days = CivilTime.daysSinceEpoch(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
    return CivilTime(unixNanoseconds: seconds * 1_000_000_000, utcOffsetSeconds: utcOffsetSeconds)
}

/// Baclofen at 2000 µg/mL: 500 µg/day is 250 µL/day.
let unitFixtureBaclofen = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))

/// A bench rig: 250 nL steps, at most 1 mL/h and 10 steps/s (= 9 mL/h, so the rate limit binds),
/// a 20 mL reservoir that counts as empty at 0.5 mL, and a 10 µL/day minimum basal rate.
func unitFixtureRig(
    stepVolume: StepVolume = .nanolitres(250),
    maximumRate: VolumeRate = .millilitresPerHour(1),
    maximumStepsPerSecond: Int64 = 10,
    minimumRate: VolumeRate = .microlitresPerDay(10)
) -> RigConfiguration {
    RigConfiguration(
        stepVolume: stepVolume, maximumRate: maximumRate, maximumStepsPerSecond: maximumStepsPerSecond,
        minimumRate: minimumRate, deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1),
        reservoirCapacity: .millilitres(20), emptyThreshold: .microlitres(500))
}

/// The valid reference prescription used by the validator suite:
///
/// - basal (every day): 00:00 400 µg/day, 07:00 600 µg/day, 22:00 400 µg/day
///   → daily dose (7 h × 400 + 15 h × 600 + 2 h × 400) / 24 = 12 600 / 24 = 525 µg;
/// - periodic bolus 50 µg over 30 min every 6 h → 4 a day = 200 µg, 1 in any hour;
/// - patient bolus 25 µg over 10 min, lockout 2 h, at most 4 a day → 100 µg a day, 1 in any hour;
/// - limits 1000 µg/day, 150 µg/h, 100 µg per bolus; low-reservoir alarm at 2 mL.
///
/// Worst day 525 + 200 + 100 = 825 µg; worst hour 25 (600/24) + 50 + 25 = 100 µg; peak flow
/// 600 µg/day + 50 µg/30 min (2400 µg/day) + 25 µg/10 min (3600 µg/day) = 6600 µg/day
/// = 3.3 mL/day = 137.5 µL/h at 2000 µg/mL.
func unitFixturePrescription(
    drug: Drug = unitFixtureBaclofen,
    basal: BasalProgram? = nil,
    periodicBolus: PeriodicBolus?? = nil,
    patientBolus: PatientBolusPolicy?? = nil,
    limits: DoseLimits? = nil,
    lowReservoirAlarm: Volume = .millilitres(2)
) -> Prescription {
    Prescription(
        drug: drug,
        basal: basal ?? .flex(FlexSchedule(everyDay: DailySchedule(steps: [
            unitFixtureStep(0, microgramsPerDay: 400),
            unitFixtureStep(7, microgramsPerDay: 600),
            unitFixtureStep(22, microgramsPerDay: 400),
        ]))),
        periodicBolus: periodicBolus ?? PeriodicBolus(dose: .micrograms(50), duration: .minutes(30), interval: .hours(6)),
        patientBolus: patientBolus ?? PatientBolusPolicy(
            dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 4),
        limits: limits ?? DoseLimits(
            maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(150), maximumBolus: .micrograms(100)),
        lowReservoirAlarm: lowReservoirAlarm)
}

/// Generous limits that no envelope in the envelope suite reaches.
let unitFixtureWideLimits = DoseLimits(
    maximumDailyDose: .milligrams(100), maximumHourlyDose: .milligrams(10), maximumBolus: .milligrams(1))
