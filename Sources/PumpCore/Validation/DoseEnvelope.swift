/// The worst-case doses a prescription allows, for limit checks and the confirmation summary.
///
/// Boluses count at their worst-case timing: every allowed patient bolus taken, periodic boluses
/// packed as tightly as their interval permits.
public struct DoseEnvelope: Hashable, Sendable {
    /// Basal dose per calendar day, for each weekday.
    public let basalDailyDose: [Weekday: DrugMass]
    /// Most basal drug in any 24 hours (windows may span two weekdays' schedules).
    public let worstBasalDay: DrugMass
    /// Most drug from periodic boluses in a day.
    public let periodicDailyDose: DrugMass
    /// Most drug from patient boluses in a day.
    public let patientDailyDose: DrugMass
    /// Most drug in any 60-minute window: basal, periodic and patient together.
    public let worstHourDose: DrugMass
    /// Highest total flow at any instant, as a dose rate: peak basal plus concurrent boluses.
    public let peakMassRate: MassRate

    public init(_ prescription: Prescription) {
        var daily: [Weekday: DrugMass] = [:]
        for day in Weekday.allCases { daily[day] = prescription.basal.schedule(for: day).dailyDose }
        basalDailyDose = daily
        var periodicDay = DrugMass.zero, periodicHour = DrugMass.zero, periodicRate = MassRate.zero
        if let p = prescription.periodicBolus, p.interval.nanoseconds > 0, p.duration.nanoseconds > 0 {
            periodicDay = DrugMass(nanograms: p.dose.nanograms * p.maximumBolusesStarting(within: .day - .nanoseconds(1)))
            periodicHour = DrugMass(nanograms: p.dose.nanograms * p.maximumBolusesStarting(within: .hour))
            periodicRate = MassRate(nanogramsPerDay: WideArithmetic.multiplyDivideRoundingUp(
                p.dose.nanograms, TimeSpan.day.nanoseconds, p.duration.nanoseconds))
        }
        var patientDay = DrugMass.zero, patientHour = DrugMass.zero, patientRate = MassRate.zero
        if let b = prescription.patientBolus, b.lockout.nanoseconds > 0, b.duration.nanoseconds > 0 {
            patientDay = DrugMass(nanograms: b.dose.nanograms * Int64(max(b.maximumPerDay, 0)))
            patientHour = DrugMass(nanograms: b.dose.nanograms * max(b.maximumBolusesStarting(within: .hour), 0))
            patientRate = MassRate(nanogramsPerDay: WideArithmetic.multiplyDivideRoundingUp(
                b.dose.nanograms, TimeSpan.day.nanoseconds, b.duration.nanoseconds))
        }
        periodicDailyDose = periodicDay
        patientDailyDose = patientDay
        worstHourDose = Self.worstBasalWindow(prescription.basal, span: .hour) + periodicHour + patientHour
        worstBasalDay = Self.worstBasalWindow(prescription.basal, span: .day)
        let peakBasal = Weekday.allCases.map { prescription.basal.schedule(for: $0).peakRate }.max() ?? .zero
        peakMassRate = peakBasal + periodicRate + patientRate
    }

    /// The most drug any 24 hours can receive.
    public var worstDayDose: DrugMass { worstBasalDay + periodicDailyDose + patientDailyDose }

    /// Most basal drug in any window of `span` (an hour, a day) through the week; windows wrap
    /// across midnight and the week. The maximum of a sliding window over a step function is
    /// reached with a window edge on a step boundary, so only those windows are examined.
    static func worstBasalWindow(_ basal: BasalProgram, span: TimeSpan) -> DrugMass {
        let profile = WeeklyRateProfile(basal)
        // Local nanoseconds of Monday 1970-01-05 00:00, so second-of-week maps to a local instant.
        let monday = Int64(4) * TimeSpan.day.nanoseconds
        var worst: Int128 = 0
        for second in profile.changeSeconds {
            let edge = monday + second * 1_000_000_000
            worst = max(
                worst, profile.integral(fromLocal: edge, nanoseconds: span.nanoseconds),
                profile.integral(fromLocal: edge - span.nanoseconds, nanoseconds: span.nanoseconds))
        }
        return DrugMass(nanograms: Int64(WideArithmetic.ceilDivide(worst, Int128(TimeSpan.day.nanoseconds))))
    }
}
