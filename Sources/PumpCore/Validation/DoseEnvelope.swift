/// The worst-case doses a prescription allows, for limit checks and the confirmation summary.
///
/// Boluses count at their worst-case timing: every allowed patient bolus taken, periodic boluses
/// packed as tightly as their interval permits.
public struct DoseEnvelope: Hashable, Sendable {
    /// Basal dose per day, for each weekday.
    public let basalDailyDose: [Weekday: DrugMass]
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
        worstHourDose = Self.worstBasalHour(prescription.basal) + periodicHour + patientHour
        let peakBasal = Weekday.allCases.map { prescription.basal.schedule(for: $0).peakRate }.max() ?? .zero
        peakMassRate = peakBasal + periodicRate + patientRate
    }

    /// The most drug any single day can receive.
    public var worstDayDose: DrugMass {
        (basalDailyDose.values.max() ?? .zero) + periodicDailyDose + patientDailyDose
    }

    /// Most basal drug in any 60-minute window of the week (windows wrap across midnight and the
    /// week). The maximum of a sliding window over a step function is reached with a window edge
    /// on a step boundary, so only those windows are examined.
    static func worstBasalHour(_ basal: BasalProgram) -> DrugMass {
        var starts: [(second: Int64, rate: Int64)] = []
        for day in Weekday.allCases {
            for step in basal.schedule(for: day).steps {
                starts.append((Int64(day.rawValue - 1) * 86_400 + Int64(step.start.secondsSinceMidnight), step.rate.nanogramsPerDay))
            }
        }
        let week: Int64 = 7 * 86_400
        func integral(from: Int64, seconds: Int64) -> Int128 {
            var total: Int128 = 0
            var t = from
            let end = from + seconds
            while t < end {
                let local = ((t % week) + week) % week
                let index = starts.lastIndex { $0.second <= local } ?? starts.count - 1
                let nextStart = index + 1 < starts.count ? starts[index + 1].second : week
                let until = min(end, t + (nextStart - local))
                total += Int128(starts[index].rate) * Int128(until - t)
                t = until
            }
            return total
        }
        var worst: Int128 = 0
        for start in starts {
            worst = max(worst, integral(from: start.second, seconds: 3600), integral(from: start.second - 3600, seconds: 3600))
        }
        return DrugMass(nanograms: Int64(WideArithmetic.ceilDivide(worst, 86_400)))
    }
}
