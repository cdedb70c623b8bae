import PumpCore
import PumpTestKit
import Testing

/// Each warning fires at its boundary and not just below it, with its numbers.
@Suite struct ProgrammingWarningTests {
    typealias R = ReviewFixtures

    static func continuous(nanogramsPerDay: Int64) -> Prescription { R.program(basal: .continuous(.nanogramsPerDay(nanogramsPerDay))) }

    // MARK: - Daily dose against the active program

    @Test func doublingTheDailyDoseWarnsAndJustBelowDoesNot() throws {
        let old = Self.continuous(nanogramsPerDay: 500_000)
        let doubled = R.review(old, Self.continuous(nanogramsPerDay: 1_000_000))
        #expect(R.codes(doubled) == ["daily-dose-increase"])
        let warning = try #require(doubled.warnings.first)
        #expect(warning.field == "basal")
        #expect(warning.amount == .init(unit: "ng", actual: 1_000_000, limit: 500_000))
        #expect(warning.message.contains("1000 µg") && warning.message.contains("500 µg") && warning.message.contains("×2"))
        #expect(R.codes(R.review(old, Self.continuous(nanogramsPerDay: 999_999))) == [])
    }

    @Test func halvingTheDailyDoseWarnsAndJustAboveDoesNot() throws {
        let old = Self.continuous(nanogramsPerDay: 500_000)
        let halved = R.review(old, Self.continuous(nanogramsPerDay: 250_000))
        #expect(R.codes(halved) == ["daily-dose-decrease"])
        #expect(halved.warnings.first?.amount == .init(unit: "ng", actual: 250_000, limit: 500_000))
        #expect(R.codes(R.review(old, Self.continuous(nanogramsPerDay: 250_001))) == [])
    }

    @Test func theMilligramForMicrogramSlipWarnsWithBothNumbers() throws {
        // The slip: 516.666 µg/day meant, 500 mg/day typed (limits typed in mg too).
        let old = Self.continuous(nanogramsPerDay: 516_666)
        let slip = R.program(
            basal: .continuous(.microgramsPerDay(500_000)),
            limits: DoseLimits(maximumDailyDose: .milligrams(1000), maximumHourlyDose: .milligrams(1000), maximumBolus: .milligrams(10)))
        let warning = try #require(R.review(old, slip).warnings.first { $0.code == .dailyDoseIncrease })
        #expect(warning.amount == .init(unit: "ng", actual: 500_000_000, limit: 516_666))
        #expect(warning.message.contains("500 mg") && warning.message.contains("516.666 µg") && warning.message.contains("×967.74"))
        #expect(warning.code.asksForTypeBack)
    }

    @Test func aThousandfoldDropShowsItsRatioNotTimesZero() throws {
        // µg typed for mg the other way: 500 mg/day active, 500 µg/day new.
        let old = Self.continuous(nanogramsPerDay: 500_000_000)
        let warning = try #require(R.review(old, Self.continuous(nanogramsPerDay: 500_000)).warnings.first { $0.code == .dailyDoseDecrease })
        #expect(warning.message.contains("×0.001 "))
        #expect(!warning.message.contains("×0 "))
        let quarter = try #require(R.review(Self.continuous(nanogramsPerDay: 500_000), Self.continuous(nanogramsPerDay: 133_333)).warnings.first)
        #expect(quarter.message.contains("×0.26 "))
    }

    @Test func theDailyDoseIsTheHighestOverTheWeekdays() {
        // Every day 500 µg/day; Monday alone doubled: the highest weekday counts.
        let old = R.program(basal: R.flex([(0, 500)]))
        let mondayDoubled = R.program(basal: R.flex([(0, 500)], monday: [(0, 1000)]))
        #expect(R.codes(R.review(old, mondayDoubled)) == ["daily-dose-increase"])
    }

    @Test func aWeekdayCutToAQuarterWarnsThoughAnotherWeekdayKeepsTheDose() {
        // Every day 500 µg/day; new: 150 µg/day on six days, Saturday 400 µg/day. The highest
        // weekday fell only to ×0.8, but six days of the week fell to ×0.3: a withdrawal risk.
        let old = R.program(basal: R.flex([(0, 500)]))
        let cut = R.program(basal: R.flex([(0, 150)], saturday: [(0, 400)]))
        let review = R.review(old, cut)
        #expect(R.codes(review) == ["daily-dose-decrease"])
        let warning = review.warnings.first
        #expect(warning?.message.contains(" on monday ") == true, "\(String(describing: warning))")
        #expect(warning?.amount == .init(unit: "ng", actual: 150_000, limit: 500_000))
    }

    @Test func aWeekReshapedWarnsOfBothTheRiseAndTheFall() {
        let old = R.program(basal: R.flex([(0, 500)]))
        let reshaped = R.program(basal: R.flex([(0, 500)], monday: [(0, 1000)], saturday: [(0, 250)]))
        #expect(R.codes(R.review(old, reshaped)) == ["daily-dose-increase", "daily-dose-decrease"])
    }

    @Test func aPeriodicIntervalTypedInMinutesForHoursWarnsOfTheDailyDose() {
        // 500 µg/day basal and 50 µg every 6 h (700 µg/day); the interval typed as 30 min: 2900 µg/day.
        func program(interval: TimeSpan) -> Prescription {
            var program = Self.continuous(nanogramsPerDay: 500_000)
            program.periodicBolus = PeriodicBolus(dose: .micrograms(50), duration: .minutes(5), interval: interval, firstStartDelay: .zero)
            program.limits = DoseLimits(maximumDailyDose: .milligrams(10), maximumHourlyDose: .milligrams(1), maximumBolus: .micrograms(50))
            return program
        }
        let review = R.review(program(interval: .hours(6)), program(interval: .minutes(30)))
        let warning = review.warnings.first { $0.code == .dailyDoseIncrease }
        #expect(warning?.amount == .init(unit: "ng", actual: 2_900_000, limit: 700_000), "\(review.warnings)")
        #expect(warning?.message.contains("periodic") == true)
    }

    @Test func aFirstProgramHasNothingToCompareAgainst() {
        #expect(R.codes(R.review(nil, Self.continuous(nanogramsPerDay: 500_000_000))).filter { !$0.hasPrefix("reservoir") } == [])
    }

    @Test func theDailyDoseWarningsFireExactlyWhereTheRatioCrossesTwo() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let before = Int64.random(in: 1...1_000_000_000, using: &random)
            let after = Int64.random(in: 0...2_000_000_000, using: &random)
            let codes = R.codes(R.review(Self.continuous(nanogramsPerDay: before), Self.continuous(nanogramsPerDay: after)))
                .filter { $0.hasPrefix("daily-dose") }
            let expected: [String] = after >= 2 * before ? ["daily-dose-increase"] : 2 * after <= before ? ["daily-dose-decrease"] : []
            #expect(codes == expected, "\(before) → \(after) ng/day")
        }
    }

    // MARK: - Maxima raised

    @Test func eachMaximumRaisedTwofoldWarnsOnItsOwnField() throws {
        let old = R.program(limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)))
        let raised = R.program(limits: DoseLimits(maximumDailyDose: .micrograms(2000), maximumHourlyDose: .micrograms(199), maximumBolus: .micrograms(100)))
        let warnings = R.review(old, raised).warnings
        #expect(warnings.map(\.code) == [.doseLimitRaised, .doseLimitRaised])
        #expect(warnings.map(\.field) == ["limits.maximumDailyDose", "limits.maximumBolus"])
        #expect(warnings.first?.amount == .init(unit: "ng", actual: 2_000_000, limit: 1_000_000))
    }

    @Test func raisingTheDailyMaximumAndTheBolus900TimesWarnsAndShowsChangedRows() throws {
        let old = R.program(limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)))
        let raised = R.program(limits: DoseLimits(maximumDailyDose: .micrograms(900_000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(45_000)))
        let review = R.review(old, raised)
        #expect(review.warnings.map(\.field) == ["limits.maximumDailyDose", "limits.maximumBolus"])
        #expect(review.warnings.first?.message.contains("×900") == true)
        let daily = try #require(review.rows.first { $0.label == "maximum daily dose" })
        #expect(daily.changed && daily.old == "1000 µg" && daily.new == "900 mg")
        let bolus = try #require(review.rows.first { $0.label == "maximum bolus" })
        #expect(bolus.changed && bolus.old == "50 µg" && bolus.new == "45 mg")
    }

    @Test func loweringAMaximumDoesNotWarn() {
        let old = R.program()
        let lower = R.program(limits: DoseLimits(maximumDailyDose: .milligrams(1), maximumHourlyDose: .milligrams(1), maximumBolus: .micrograms(10)))
        #expect(R.codes(R.review(old, lower)) == [])
    }

    // MARK: - A step that delivers nothing

    @Test func aZeroStepOfAFlexProgramWarnsWithItsPathAndLength() throws {
        let p = R.program(basal: R.flex([(0, 400), (8, 0), (16, 600)]))
        let warning = try #require(R.review(nil, p).warnings.first)
        #expect(warning.code == .stepDeliversNothing)
        #expect(warning.field == "basal.flex.everyDay.steps[1].rate")
        #expect(warning.message.contains("8 h"))
        #expect(R.codes(R.review(nil, R.program(basal: R.flex([(0, 400), (8, 1), (16, 600)])))) == [])
    }

    @Test func aZeroStepOfAWeekdayScheduleNamesTheWeekday() {
        let p = R.program(basal: R.flex([(0, 400)], monday: [(0, 0), (6, 500)]))
        #expect(R.review(nil, p).warnings.map(\.field) == ["basal.flex.byWeekday.monday.steps[0].rate"])
    }

    @Test func aZeroContinuousRateWarnsButNoBasalAtAllDoesNot() {
        #expect(R.review(nil, R.program(basal: .continuous(.zero))).warnings.map(\.field) == ["basal.rate"])
        let periodicOnly = R.program(basal: .none, periodic: PeriodicBolus(dose: .micrograms(100), duration: .minutes(30), interval: .hours(6)))
        #expect(R.codes(R.review(nil, periodicOnly)) == [])
    }

    // MARK: - Reservoir dates within the horizon

    @Test func theLowDateWithinTheHorizonWarnsAtTheBoundary() throws {
        // 500 µg/day at 2000 µg/mL is 250 µL/day; 2 mL alarm. With 3.75 mL left the alarm is
        // 7 days away exactly; with one more step's worth it is later.
        let p = R.program()
        let at = R.review(nil, p, remaining: .microlitres(3_750))
        #expect(R.codes(at) == ["reservoir-low-soon"])
        #expect(at.warnings.first?.amount == .init(unit: "s", actual: 7 * 86_400, limit: 7 * 86_400))
        #expect(at.warnings.first?.field == "lowReservoirAlarm")
        #expect(R.codes(R.review(nil, p, remaining: .nanolitres(3_750_001))) == [])
    }

    @Test func theEmptyDateWithinTheHorizonWarnsAtTheBoundary() {
        // Empty at 0.5 mL: 2.25 mL left is 7 days; the alarm (2 mL) is nearer, so both warn.
        let p = R.program()
        #expect(R.codes(R.review(nil, p, remaining: .microlitres(2_250))) == ["reservoir-low-soon", "reservoir-empty-soon"])
        #expect(R.codes(R.review(nil, p, remaining: .nanolitres(2_250_001))) == ["reservoir-low-soon"])
    }

    @Test func theDatesAreTheWorstCaseEveryPatientBolusTaken() {
        // 4 × 50 µg patient boluses a day add 100 µL/day: 350 µL/day in all, so 2.45 mL above
        // the alarm is 7 days at worst (9.8 days as expected).
        let p = R.program(patient: PatientBolusPolicy(dose: .micrograms(50), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 4))
        #expect(R.codes(R.review(nil, p, remaining: .microlitres(4_450))) == ["reservoir-low-soon"])
        #expect(R.codes(R.review(nil, p, remaining: .microlitres(4_450), horizon: .days(6))) == [])
    }

    @Test func theHorizonComesFromThePolicy() {
        let p = R.program()
        #expect(R.codes(R.review(nil, p, remaining: .millilitres(20), horizon: .days(72))) == ["reservoir-low-soon"])
        #expect(R.codes(R.review(nil, p, remaining: .millilitres(20), horizon: .days(71))) == [])
    }
}
