import PumpCore

/// Programs and reviews for the warning and review tests: baclofen 2000 µg/mL, limits wide
/// enough (1 g a day) that only the rule under test speaks.
enum ReviewFixtures {
    static let now = SessionFixtures.origin.wall
    static let wide = DoseLimits(maximumDailyDose: .milligrams(1000), maximumHourlyDose: .milligrams(1000), maximumBolus: .milligrams(10))

    static func program(
        basal: BasalProgram = .continuous(.microgramsPerDay(500)), limits: DoseLimits = wide,
        periodic: PeriodicBolus? = nil, patient: PatientBolusPolicy? = nil, lowAlarm: Volume = .millilitres(2)
    ) -> Prescription {
        Prescription(
            drug: SessionFixtures.baclofen2000, basal: basal, periodicBolus: periodic, patientBolus: patient, limits: limits,
            lowReservoirAlarm: lowAlarm)
    }

    static func flex(
        _ steps: [(hour: Int, microgramsPerDay: Int64)], monday: [(hour: Int, microgramsPerDay: Int64)]? = nil,
        saturday: [(hour: Int, microgramsPerDay: Int64)]? = nil
    ) -> BasalProgram {
        func schedule(_ steps: [(hour: Int, microgramsPerDay: Int64)]) -> DailySchedule {
            DailySchedule(steps: steps.map { FlexStep(start: TimeOfDay(hour: $0.hour, minute: 0)!, rate: .microgramsPerDay($0.microgramsPerDay)) })
        }
        var byWeekday: [Weekday: DailySchedule] = [:]
        byWeekday[.monday] = monday.map(schedule)
        byWeekday[.saturday] = saturday.map(schedule)
        return .flex(FlexSchedule(everyDay: schedule(steps), byWeekday: byWeekday))
    }

    /// `old` → `new` on a 20 mL reservoir (0.5 mL empty threshold), warning horizon `horizon`.
    static func review(
        _ old: Prescription?, _ new: Prescription, remaining: Volume = .millilitres(20), horizon: TimeSpan = .days(7)
    ) -> ChangeReview {
        ChangeReview(
            old: .init(prescription: old, drug: SessionFixtures.baclofen2000, remaining: remaining),
            new: .init(prescription: new, drug: SessionFixtures.baclofen2000, remaining: remaining),
            emptyThreshold: .microlitres(500), policy: TherapyPolicy(reservoirWarningHorizon: horizon), at: now)
    }

    static func codes(_ review: ChangeReview) -> [String] { review.warnings.map(\.code.rawValue) }
}
