import PumpCore
import Testing

/// Violations carry their value and limit as wire integers, so a program reads numbers, not prose.
@Suite struct ViolationAmountTests {
    @Test func theWorstDayCarriesItsTotalAndTheLimitInNanograms() {
        let patient = PatientBolusPolicy(dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 12)
        let violations = PrescriptionValidator.violations(of: unitFixturePrescription(patientBolus: patient), rig: unitFixtureRig())
        #expect(violations.first?.amount == LimitViolation.Amount(unit: "ng", actual: 1_025_000, limit: 1_000_000))
    }

    @Test func aBolusAboveTheMaximumCarriesBothDoses() {
        let periodic = PeriodicBolus(dose: .micrograms(150), duration: .minutes(10), interval: .hours(6), firstStartDelay: .zero)
        let violations = PrescriptionValidator.violations(of: unitFixturePrescription(periodicBolus: periodic), rig: unitFixtureRig())
        let bolus = violations.first { $0.rule == .aboveMaximumBolus }
        #expect(bolus?.amount == LimitViolation.Amount(unit: "ng", actual: 150_000, limit: 100_000), "\(violations)")
    }

    @Test func durationsAreWholeSecondsOrExactNanoseconds() {
        #expect(LimitViolation.Amount(actual: TimeSpan.minutes(10), limit: TimeSpan.hours(6)) == .init(unit: "s", actual: 600, limit: 21_600))
        let fraction = TimeSpan(nanoseconds: 1_500_000_000)
        #expect(LimitViolation.Amount(actual: fraction, limit: TimeSpan.hours(1)) == .init(unit: "ns", actual: 1_500_000_000, limit: 3_600_000_000_000))
        #expect(LimitViolation.Amount(againstZero: Volume(nanolitres: -5)) == .init(unit: "nL", actual: -5, limit: 0))
    }
}
