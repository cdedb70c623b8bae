/// When the reservoir will reach the low-reservoir volume and the empty threshold under a program.
///
/// Like clinical controllers, the worst-case forecast assumes every allowed patient bolus is taken
/// (the expected one, `patientBoluses: false`, none: basal and periodic boluses only), and
/// spreads periodic and patient boluses evenly over the day (each forecast is therefore early by at
/// most one day's bolus allowance, never late). Walks the schedule segment by segment on the wall
/// clock, up to `horizon`.
public struct ReservoirForecast: Hashable, Sendable {
    public var lowReservoirAt: CivilTime?
    public var emptyAt: CivilTime?

    public static let horizon = TimeSpan.days(730)

    public static func predict(
        remaining: Volume, prescription: Prescription, concentration: Concentration,
        emptyThreshold: Volume, from now: CivilTime, patientBoluses: Bool = true
    ) -> ReservoirForecast {
        guard concentration > .none else { return ReservoirForecast() }
        var bolusRate = MassRate.zero
        if let periodic = prescription.periodicBolus {
            bolusRate = bolusRate + MassRate(nanogramsPerDay: WideArithmetic.multiplyDivide(
                periodic.dose.nanograms, TimeSpan.day.nanoseconds, periodic.interval.nanoseconds))
        }
        if patientBoluses, let patient = prescription.patientBolus {
            bolusRate = bolusRate + MassRate(nanogramsPerDay: patient.dose.nanograms * Int64(patient.maximumPerDay))
        }
        let lowTarget = Int128(remaining.picolitres - prescription.lowReservoirAlarm.picolitres)
        let emptyTarget = Int128(remaining.picolitres - emptyThreshold.picolitres)
        var result = ReservoirForecast()
        var used: Int128 = 0  // pL × ns-per-day
        var time = now
        let day = Int128(TimeSpan.day.nanoseconds)
        let end = now + horizon
        while time < end, result.emptyAt == nil {
            let next = min(prescription.basal.nextChange(after: time), end)
            let rate = Int128((prescription.basal.massRate(at: time) + bolusRate).volumeRate(at: concentration).picolitresPerDay)
            let span = Int128((next - time).nanoseconds)
            for (target, isLow) in [(lowTarget, true), (emptyTarget, false)] where rate > 0 {
                guard (isLow ? result.lowReservoirAt : result.emptyAt) == nil else { continue }
                let needed = target * day - used
                if needed <= rate * span {
                    let at = time + .nanoseconds(Int64(WideArithmetic.ceilDivide(max(needed, 0), rate)))
                    if isLow { result.lowReservoirAt = at } else { result.emptyAt = at }
                }
            }
            used += rate * span
            time = next
        }
        return result
    }
}
