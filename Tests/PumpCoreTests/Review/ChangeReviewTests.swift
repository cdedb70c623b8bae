import PumpCore
import Testing

/// The review lists every setting, old and new, and marks what changed.
@Suite struct ChangeReviewTests {
    typealias R = ReviewFixtures

    static let full = R.program(
        basal: R.flex([(0, 400), (8, 600), (22, 400)], monday: [(0, 500)]),
        periodic: PeriodicBolus(dose: .micrograms(50), duration: .minutes(30), interval: .hours(6), firstStartDelay: .hours(1)),
        patient: PatientBolusPolicy(dose: .micrograms(25), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 4))

    static func row(_ review: ChangeReview, _ label: String) throws -> ChangeReview.Row {
        try #require(review.rows.first { $0.label == label }, "no row \(label) in \(review.rows.map(\.label))")
    }

    @Test func everySettingHasARow() {
        let labels = R.review(Self.full, Self.full).rows.map(\.label)
        #expect(labels == [
            "drug", "concentration", "reservoir volume", "low-reservoir alarm volume", "maximum daily dose", "maximum hourly dose",
            "maximum bolus", "basal mode", "basal every day step 1", "basal every day step 2", "basal every day step 3",
            "basal monday step 1", "basal daily dose", "periodic bolus dose", "periodic bolus duration", "periodic bolus interval",
            "periodic bolus first start delay", "patient bolus dose", "patient bolus duration", "patient bolus lockout",
            "patient boluses per 24 h", "worst-case daily dose", "worst-case hourly dose", "worst-case daily volume",
            "low-reservoir alarm expected", "reservoir empty expected", "low-reservoir alarm at worst", "reservoir empty at worst",
        ])
    }

    @Test func anUnchangedProgramMarksNoRowChanged() {
        #expect(R.review(Self.full, Self.full).rows.allSatisfy { !$0.changed })
    }

    @Test func aChangedStepIsMarkedOnItsOwnRow() throws {
        var changed = Self.full
        changed.basal = R.flex([(0, 400), (8, 650), (22, 400)], monday: [(0, 500)])
        let review = R.review(Self.full, changed)
        let step = try Self.row(review, "basal every day step 2")
        #expect(step.changed && step.old == "from 08:00 600 µg/day" && step.new == "from 08:00 650 µg/day")
        #expect(try !Self.row(review, "basal every day step 1").changed)
        #expect(try !Self.row(review, "basal monday step 1").changed)
    }

    @Test func anAddedOrRemovedStepOrWeekdayShowsAsAbsentOnTheOtherSide() throws {
        var changed = Self.full
        changed.basal = R.flex([(0, 400), (8, 600)], monday: nil)
        let review = R.review(Self.full, changed)
        #expect(try Self.row(review, "basal every day step 3").new == "—")
        #expect(try Self.row(review, "basal monday step 1") == .init(label: "basal monday step 1", old: "from 00:00 500 µg/day", new: "—"))
    }

    @Test func eachLimitAndBolusFieldIsComparedOnItsOwn() throws {
        var changed = Self.full
        changed.limits.maximumHourlyDose = .micrograms(1500)
        changed.periodicBolus?.interval = .hours(8)
        changed.patientBolus?.lockout = .hours(3)
        changed.patientBolus?.maximumPerDay = 3
        changed.lowReservoirAlarm = .millilitres(3)
        let review = R.review(Self.full, changed)
        let marked = Set(review.rows.filter(\.changed).map(\.label))
        for label in ["maximum hourly dose", "periodic bolus interval", "patient bolus lockout", "patient boluses per 24 h", "low-reservoir alarm volume"] {
            #expect(marked.contains(label), "\(label) not marked")
        }
        #expect(!marked.contains("maximum daily dose") && !marked.contains("periodic bolus dose") && !marked.contains("drug"))
        #expect(try Self.row(review, "periodic bolus interval") == .init(label: "periodic bolus interval", old: "6 h", new: "8 h"))
    }

    @Test func aBolusTakenAwayShowsNone() throws {
        var changed = Self.full
        changed.periodicBolus = nil
        #expect(try Self.row(R.review(Self.full, changed), "periodic bolus dose") == .init(label: "periodic bolus dose", old: "50 µg", new: "none"))
    }

    @Test func aFirstProgramShowsNothingOnTheOldSideButTheReservoir() throws {
        let review = R.review(nil, Self.full)
        #expect(try Self.row(review, "drug").old == "baclofen")
        #expect(try Self.row(review, "maximum daily dose").old == "—")
        #expect(try Self.row(review, "basal every day step 1").old == "—")
    }

    @Test func theExpectedDatesLeaveOutPatientBolusesAndTheWorstCaseTakesThemAll() throws {
        // Continuous 500 µg/day (250 µL/day) and 4 × 50 µg patient boluses a day (100 µL/day);
        // 20 mL with the alarm at 2 mL: 18 mL is 72 days expected, 51.4 days at worst.
        let p = R.program(patient: PatientBolusPolicy(dose: .micrograms(50), duration: .minutes(10), lockout: .hours(2), maximumPerDay: 4))
        let review = R.review(nil, p)
        let summary = try #require(review.newSummary)
        #expect(summary.expectedForecast.lowReservoirAt == R.now + .days(72))
        let worst = try #require(summary.forecast.lowReservoirAt)
        #expect(worst - R.now > .days(51) && worst - R.now < .days(52))
        #expect(try Self.row(review, "low-reservoir alarm expected").new == "\(R.now + .days(72)) (in 72 d)")
        #expect(try Self.row(review, "low-reservoir alarm at worst").new.hasPrefix("\(worst) (in 51 d"))
    }

    @Test func valuesAreInTheOneNotation() throws {
        let review = R.review(nil, Self.full)
        #expect(try Self.row(review, "concentration").new == "2000 µg/mL")
        #expect(try Self.row(review, "reservoir volume").new == "20 mL")
        #expect(try Self.row(review, "periodic bolus first start delay").new == "1 h")
        #expect(try Self.row(review, "maximum daily dose").new == "1000 mg")
    }
}
