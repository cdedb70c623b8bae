import PumpCore
import PumpTestKit
import Testing

/// The drug library's check of a prescription: names, concentrations, hard limits (refusals) and
/// soft limits (warnings), each at the field that carries the amount. The reference prescription
/// (`unitFixturePrescription`) has a worst day of 825 µg, a worst hour of 100 µg, a 50 µg periodic
/// and a 25 µg patient bolus, and its highest basal step is 600 µg/day at `everyDay.steps[1]`.
@Suite struct DrugLibraryCheckTests {
    static func library(
        daily: LibraryLimit<DrugMass> = .init(), hourly: LibraryLimit<DrugMass> = .init(), bolus: LibraryLimit<DrugMass> = .init(),
        rate: LibraryLimit<MassRate> = .init(), concentrations: [Int64] = [500, 2000], allowsOther: Bool = false
    ) -> DrugLibrary {
        DrugLibrary(
            name: "test library",
            entries: [
                DrugLibraryEntry(
                    name: "baclofen", concentrations: concentrations.map { .microgramsPerMillilitre($0) }, dailyDose: daily,
                    hourlyDose: hourly, bolusDose: bolus, rate: rate, source: "test"),
                DrugLibraryEntry(
                    name: "intrathecal-morphine", concentrations: [.milligramsPerMillilitre(25)], dailyDose: .init(hard: .milligrams(20)),
                    hourlyDose: .init(), bolusDose: .init(), rate: .init(), source: "test"),
            ],
            allowsOtherDrugs: allowsOther)
    }

    @Test func aDrugNotInTheLibraryIsRefusedNamingTheLibrarysDrugs() {
        let found = Self.library().check(unitFixturePrescription(drug: Drug(name: "baclofem", concentration: .microgramsPerMillilitre(2000))))
        #expect(found.violations.map(\.rule) == [.drugNotInLibrary])
        #expect(found.violations.first?.field == "drug.name")
        #expect(found.violations.first?.limit.contains("baclofen, intrathecal-morphine") == true)
        #expect(found.violations.first?.limit.contains("did you mean \"baclofen\"") == true, "\(found.violations)")
        #expect(found.warnings.isEmpty)
    }

    @Test func anOtherDrugIsAWarningWithoutLimitsWhenTheLibraryAllowsIt() {
        let library = Self.library(daily: .init(hard: .micrograms(1)), allowsOther: true)
        let found = library.check(unitFixturePrescription(drug: Drug(name: "clonidine", concentration: .microgramsPerMillilitre(7))))
        #expect(found.violations.isEmpty)
        #expect(found.warnings.map(\.code) == [.drugNotInLibrary])
        #expect(found.warnings.first?.field == "drug.name")
    }

    @Test func aMisspeltLibraryDrugIsRefusedEvenWhenOtherDrugsAreAllowed() {
        // "baclofem" taken as another drug would escape baclofen's hard daily limit with one warning.
        let library = Self.library(daily: .init(hard: .micrograms(1)), allowsOther: true)
        let found = library.check(unitFixturePrescription(drug: Drug(name: "baclofem", concentration: .microgramsPerMillilitre(2000))))
        #expect(found.violations.map(\.rule) == [.drugNotInLibrary])
        #expect(found.violations.first?.limit.contains("did you mean \"baclofen\"") == true, "\(found.violations)")
        #expect(found.warnings.isEmpty)
        #expect(library.check(drug: Drug(name: "baclofem", concentration: .microgramsPerMillilitre(2000))).violations.map(\.rule) == [.drugNotInLibrary])
    }

    @Test(arguments: ["baclofen", "Baclofen", "BACLOFEN", "bac_lofen", " baclofen "])
    func namesMatchInAnyCaseWithOrWithoutDashesAndUnderscores(name: String) {
        #expect(Self.library().entry(named: name)?.name == "baclofen")
        #expect(Self.library().entry(named: "Intrathecal_Morphine")?.name == "intrathecal-morphine")
        #expect(Self.library().check(unitFixturePrescription(drug: Drug(name: name, concentration: .microgramsPerMillilitre(2000)))) == ([], []))
    }

    @Test func aConcentrationNotListedIsRefusedWithTheNearestListedOne() {
        let found = Self.library().check(unitFixturePrescription(drug: Drug(name: "baclofen", concentration: .microgramsPerMillilitre(1000))))
        #expect(found.violations.count == 1)
        let violation = found.violations[0]
        #expect(violation.rule == .concentrationNotInLibrary && violation.field == "drug.concentration")
        #expect(violation.limit.contains("500 µg/mL, 2000 µg/mL"))
        #expect(violation.amount == .init(unit: "µg/mL", actual: 1000, limit: 500))
    }

    @Test func aMilligramForMicrogramSlipInTheConcentrationIsRefused() {
        // 2 mg/mL typed as 2000 mg/mL: a thousandfold concentration.
        let found = Self.library().check(unitFixturePrescription(drug: Drug(name: "baclofen", concentration: .milligramsPerMillilitre(2000))))
        #expect(found.violations.map(\.rule) == [.concentrationNotInLibrary])
        #expect(found.violations.first?.amount == .init(unit: "µg/mL", actual: 2_000_000, limit: 2000))
    }

    @Test func theWorstDayIsComparedAtTheBasalFieldHardRefusingSoftWarningExactlyAtTheLimitPassing() {
        let p = unitFixturePrescription()
        let hard = Self.library(daily: .init(hard: .micrograms(824))).check(p)
        #expect(hard.violations.map(\.rule) == [.aboveLibraryHardLimit])
        #expect(hard.violations.first?.field == "basal")
        #expect(hard.violations.first?.amount == .init(unit: "ng", actual: 825_000, limit: 824_000))
        #expect(hard.violations.first?.actual.contains("worst 24 h") == true)
        #expect(hard.violations.first?.limit.contains("≤ 824 µg/day") == true, "\(hard.violations)")
        #expect(Self.library(daily: .init(hard: .micrograms(825))).check(p) == ([], []))
        let soft = Self.library(daily: .init(soft: .micrograms(824), hard: .micrograms(2000))).check(p)
        #expect(soft.violations.isEmpty)
        #expect(soft.warnings.map(\.code) == [.softLimitDailyDose])
        #expect(soft.warnings.first?.field == "basal")
        #expect(soft.warnings.first?.amount == .init(unit: "ng", actual: 825_000, limit: 824_000))
        #expect(Self.library(daily: .init(soft: .micrograms(825))).check(p) == ([], []))
    }

    @Test func aHardLimitCrossedIsNotAlsoASoftWarning() {
        let found = Self.library(daily: .init(soft: .micrograms(500), hard: .micrograms(800))).check(unitFixturePrescription())
        #expect(found.violations.map(\.rule) == [.aboveLibraryHardLimit])
        #expect(found.warnings.isEmpty)
    }

    @Test func theWorstHourIsCompared() {
        let p = unitFixturePrescription()
        #expect(Self.library(hourly: .init(hard: .micrograms(99))).check(p).violations.first?.amount == .init(unit: "ng", actual: 100_000, limit: 99_000))
        #expect(Self.library(hourly: .init(soft: .micrograms(99))).check(p).warnings.map(\.code) == [.softLimitHourlyDose])
        #expect(Self.library(hourly: .init(soft: .micrograms(100), hard: .micrograms(100))).check(p) == ([], []))
    }

    @Test func everyBolusIsComparedAtItsOwnDoseField() {
        let p = unitFixturePrescription()
        let periodicOnly = Self.library(bolus: .init(hard: .micrograms(49))).check(p)
        #expect(periodicOnly.violations.map(\.field) == ["periodicBolus.dose"])
        let both = Self.library(bolus: .init(hard: .micrograms(24))).check(p)
        #expect(both.violations.map(\.field) == ["periodicBolus.dose", "patientBolus.dose"])
        #expect(both.violations.last?.amount == .init(unit: "ng", actual: 25_000, limit: 24_000))
        let soft = Self.library(bolus: .init(soft: .micrograms(25))).check(p)
        #expect(soft.warnings.map(\.field) == ["periodicBolus.dose"] && soft.warnings.map(\.code) == [.softLimitBolusDose])
        #expect(Self.library(bolus: .init(hard: .micrograms(50))).check(p) == ([], []))
    }

    @Test func theHighestBasalStepIsComparedAtItsPathAsSent() {
        let flex = Self.library(rate: .init(hard: .microgramsPerDay(599))).check(unitFixturePrescription())
        #expect(flex.violations.map(\.field) == ["basal.flex.everyDay.steps[1].rate"])
        #expect(flex.violations.first?.amount == .init(unit: "ng/day", actual: 600_000, limit: 599_000))
        #expect(Self.library(rate: .init(hard: .microgramsPerDay(600))).check(unitFixturePrescription()) == ([], []))
        let continuous = Self.library(rate: .init(soft: .microgramsPerDay(499))).check(unitFixturePrescription(basal: .continuous(.microgramsPerDay(500))))
        #expect(continuous.warnings.map(\.field) == ["basal.rate"] && continuous.warnings.map(\.code) == [.softLimitRate])
        let weekday = BasalProgram.flex(FlexSchedule(
            everyDay: .constant(.microgramsPerDay(400)),
            byWeekday: [.saturday: DailySchedule(steps: [unitFixtureStep(0, microgramsPerDay: 300), unitFixtureStep(9, microgramsPerDay: 700)])]))
        let found = Self.library(rate: .init(hard: .microgramsPerDay(650))).check(unitFixturePrescription(basal: weekday))
        #expect(found.violations.map(\.field) == ["basal.flex.byWeekday.saturday.steps[1].rate"])
        #expect(Self.library(rate: .init(hard: .microgramsPerDay(1))).check(unitFixturePrescription(basal: BasalProgram.none)).violations.isEmpty)
    }

    @Test func aDrugAloneIsCheckedForNameAndConcentration() {
        let library = Self.library()
        #expect(library.check(drug: Drug(name: "baclofen", concentration: .microgramsPerMillilitre(500))) == ([], []))
        #expect(library.check(drug: Drug(name: "baclofen", concentration: .microgramsPerMillilitre(4000))).violations.map(\.field) == ["drug.concentration"])
        #expect(library.check(drug: Drug(name: "morphine", concentration: .milligramsPerMillilitre(25))).violations.map(\.field) == ["drug.name"])
        // A blank name or a concentration that is not positive is the prescription's own violation.
        #expect(library.check(drug: Drug(name: " ", concentration: .microgramsPerMillilitre(2000))) == ([], []))
        #expect(library.check(drug: Drug(name: "baclofen", concentration: .none)) == ([], []))
    }

    @Test func aMalformedProgramSkipsOnlyTheEnvelopeAndNeverOverflows() {
        // A 1 s periodic interval and a gram bolus would overflow the envelope's arithmetic.
        let p = unitFixturePrescription(
            periodicBolus: PeriodicBolus(dose: .milligrams(1_000_000), duration: .seconds(1), interval: .seconds(1)),
            patientBolus: PatientBolusPolicy(dose: .micrograms(25), duration: .zero, lockout: .zero, maximumPerDay: Int.max))
        let found = Self.library(daily: .init(hard: .micrograms(1)), hourly: .init(hard: .micrograms(1)), bolus: .init(hard: .milligrams(1))).check(p)
        #expect(found.violations.map(\.field) == ["periodicBolus.dose"])
    }

    /// Random programs and limits: a violation exactly when an amount is above its hard limit, a
    /// warning exactly when above soft and not above hard, by an oracle that compares each amount.
    @Test func propertyHardRefusesSoftWarnsAndTheLimitItselfPasses() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        for _ in 0..<300 {
            let steps = (0..<Int.random(in: 1...4, using: &rng)).map { i in
                unitFixtureStep(i * 5, microgramsPerDay: Int64.random(in: 0...2_000, using: &rng))
            }
            let periodic = Bool.random(using: &rng)
                ? PeriodicBolus(dose: .micrograms(.random(in: 1...200, using: &rng)), duration: .minutes(10), interval: .hours(.random(in: 1...12, using: &rng)))
                : nil
            let patient = Bool.random(using: &rng)
                ? PatientBolusPolicy(dose: .micrograms(.random(in: 1...200, using: &rng)), duration: .minutes(5), lockout: .hours(1), maximumPerDay: .random(in: 1...8, using: &rng))
                : nil
            let p = unitFixturePrescription(basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: steps))), periodicBolus: .some(periodic), patientBolus: .some(patient))
            let envelope = DoseEnvelope(p)
            func limit<Q>(_ make: (Int64) -> Q, _ amount: Int64) -> LibraryLimit<Q> {
                // Soft and hard around the amount: absent, exactly at it, just below or just above.
                func pick() -> Q? {
                    switch Int.random(in: 0...3, using: &rng) {
                    case 0: nil
                    case 1: make(amount)
                    case 2: make(max(amount - 1, 1))
                    default: make(amount + 1)
                    }
                }
                var soft = pick(), hard = pick()
                if let s = soft, let h = hard, s > h { swap(&soft, &hard) }
                return LibraryLimit(soft: soft, hard: hard)
            }
            let bolusMax = max(periodic?.dose.nanograms ?? 0, patient?.dose.nanograms ?? 0, 1)
            let peak = steps.map(\.rate.nanogramsPerDay).max()!
            let daily = limit(DrugMass.nanograms, max(envelope.worstDayDose.nanograms, 1))
            let hourly = limit(DrugMass.nanograms, max(envelope.worstHourDose.nanograms, 1))
            let bolus = limit(DrugMass.nanograms, bolusMax)
            let rate = limit(MassRate.nanogramsPerDay, max(peak, 1))
            let found = Self.library(daily: daily, hourly: hourly, bolus: bolus, rate: rate).check(p)

            var hardCount = 0, softCodes: [ProgrammingWarning.Code] = []
            func oracle<Q: Comparable>(_ value: Q, _ limit: LibraryLimit<Q>, _ code: ProgrammingWarning.Code) {
                if let h = limit.hard, value > h { hardCount += 1 } else if let s = limit.soft, value > s { softCodes.append(code) }
            }
            oracle(envelope.worstDayDose, daily, .softLimitDailyDose)
            oracle(envelope.worstHourDose, hourly, .softLimitHourlyDose)
            for dose in [periodic?.dose, patient?.dose].compactMap({ $0 }) { oracle(dose, bolus, .softLimitBolusDose) }
            oracle(MassRate(nanogramsPerDay: peak), rate, .softLimitRate)
            #expect(found.violations.count == hardCount, "seed \(seed): \(p)")
            #expect(found.violations.allSatisfy { $0.rule == .aboveLibraryHardLimit && $0.amount.map { $0.actual > $0.limit } == true }, "seed \(seed)")
            #expect(found.warnings.map(\.code) == softCodes, "seed \(seed): \(p)")
            #expect(found.warnings.allSatisfy { $0.amount.map { $0.actual > $0.limit } == true }, "seed \(seed)")
        }
    }
}
