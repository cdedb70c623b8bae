import PumpCore
import PumpTestKit
import Testing

/// A shape error never hides what the doses add up to, and every path is the request's.
@Suite struct ValidatorAllViolationsTests {
    static func found(_ prescription: Prescription) -> [String] {
        PrescriptionValidator.violations(of: prescription, rig: unitFixtureRig()).map { "\($0.rule.rawValue) @ \($0.field)" }
    }

    @Test func aBlankDrugNameDoesNotHideTheEnvelope() {
        let p = unitFixturePrescription(
            drug: Drug(name: " ", concentration: .microgramsPerMillilitre(2000)), basal: .continuous(.microgramsPerDay(5000)))
        #expect(Self.found(p) == ["missing-value @ drug.name", "above-maximum-daily-dose @ basal", "above-maximum-hourly-dose @ basal"])
    }

    @Test func aZeroConcentrationStillChecksTheDosesButNotTheFlow() {
        let p = unitFixturePrescription(drug: Drug(name: "baclofen", concentration: .none), basal: .continuous(.microgramsPerDay(5000)))
        #expect(Self.found(p) == ["not-positive @ drug.concentration", "above-maximum-daily-dose @ basal", "above-maximum-hourly-dose @ basal"])
    }

    @Test func aMalformedScheduleLeavesTheEnvelopeUncheckedRatherThanWrong() {
        let p = unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: [
            unitFixtureStep(0, microgramsPerDay: 5000), unitFixtureStep(7, microgramsPerDay: 6000), unitFixtureStep(6, microgramsPerDay: 5000),
        ]))))
        #expect(Self.found(p) == ["schedule-steps-not-ascending @ basal.flex.everyDay.steps[2].start"])
    }

    @Test func pathsAreTheRequestsAsSent() {
        let weekday = unitFixturePrescription(basal: .flex(FlexSchedule(
            everyDay: DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 400)]),
            byWeekday: [.monday: DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 400), FlexStep(start: unitFixtureTime(8), rate: .nanogramsPerDay(-1))])])))
        #expect(Self.found(weekday) == ["not-positive @ basal.flex.byWeekday.monday.steps[1].rate"])
        #expect(Self.found(unitFixturePrescription(basal: .continuous(.nanogramsPerDay(-1)))) == ["not-positive @ basal.rate"])
        #expect(Self.found(unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: []))))) ==
            ["missing-value @ basal.flex.everyDay.steps"])
    }

    @Test func extremeNumbersNeverTrapAndAreAllReported() {
        // A gram bolus over a second at 1 µg/mL: a flow of ~10²³ pL/day, which no Int64 holds.
        let p = Prescription(
            drug: Drug(name: "", concentration: .microgramsPerMillilitre(1)), basal: .continuous(.microgramsPerDay(1_000_000)),
            periodicBolus: PeriodicBolus(dose: .milligrams(1000), duration: .seconds(1), interval: .hours(1)),
            limits: DoseLimits(maximumDailyDose: .milligrams(1000), maximumHourlyDose: .milligrams(1000), maximumBolus: .milligrams(1000)),
            lowReservoirAlarm: .millilitres(2))
        let found = Self.found(p)
        #expect(found.contains("missing-value @ drug.name"))
        #expect(found.contains("above-rig-maximum-rate @ basal"))
    }

    @Test func randomProgramsNeverTrapAndEnvelopeViolationsAppearWheneverTheEnvelopeIsReadable() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<400 {
            func value(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &random) }
            let p = Prescription(
                drug: Drug(name: Bool.random(using: &random) ? "" : "baclofen", concentration: .microgramsPerMillilitre(value(-1...3000))),
                basal: .continuous(.nanogramsPerDay(value(-10...2_000_000_000))),
                periodicBolus: Bool.random(using: &random)
                    ? PeriodicBolus(dose: .nanograms(value(-1...2_000_000_000_000)), duration: .seconds(value(-1...90_000)), interval: .seconds(value(0...700_000)))
                    : nil,
                patientBolus: Bool.random(using: &random)
                    ? PatientBolusPolicy(dose: .nanograms(value(-1...2_000_000_000_000)), duration: .seconds(value(-1...90_000)),
                        lockout: .seconds(value(-1...700_000)), maximumPerDay: Int(value(-1...200)))
                    : nil,
                limits: DoseLimits(maximumDailyDose: .nanograms(value(-1...2_000_000_000)), maximumHourlyDose: .nanograms(value(-1...2_000_000_000)),
                    maximumBolus: .nanograms(value(-1...2_000_000_000))),
                lowReservoirAlarm: .nanolitres(value(-1...30_000_000)))
            let violations = PrescriptionValidator.violations(of: p, rig: unitFixtureRig())
            // Same numbers with a good name: the envelope's verdicts do not depend on the name.
            var named = p
            named.drug.name = "baclofen"
            let envelopeRules: Set<LimitViolation.Rule> = [.aboveMaximumDailyDose, .aboveMaximumHourlyDose, .aboveRigMaximumRate, .aboveRigMaximumStepFrequency]
            #expect(
                violations.filter { envelopeRules.contains($0.rule) } ==
                    PrescriptionValidator.violations(of: named, rig: unitFixtureRig()).filter { envelopeRules.contains($0.rule) })
        }
    }
}
