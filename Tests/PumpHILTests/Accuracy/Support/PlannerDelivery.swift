import PumpCore
import PumpHIL

/// The daemon's own metering planner driving a constant rate, sampled like the simulated rig: the
/// delivered volume at a sample instant counts every step due at or before it.
enum PlannerDelivery {
    static let origin = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 0),
        wall: CivilTime(unixNanoseconds: CivilTime.daysSinceEpoch(year: 2026, month: 11, day: 16) * TimeSpan.day.nanoseconds))

    /// Samples every `interval` from zero to `end` of a planner running `rate` with `step`.
    ///
    /// The basal dose is given in ng/day at a concentration of 1 g/mL (10⁶ µg/mL), where one
    /// ng/day is exactly one pL/day, so the planner's volume rate is exactly `rate`.
    static func samples(
        rate: VolumeRate, step: StepVolume, every interval: TimeSpan = .seconds(30), until end: TimeSpan = .hours(2)
    ) throws -> [VolumeSample] {
        let concentration = Concentration.microgramsPerMillilitre(1_000_000)
        let history = TipConcentrationHistory(deadVolume: .microlitres(100), reservoir: concentration, pathPrimed: true)
        var planner = MeteringPlanner(stepVolume: step, history: history, clock: origin)
        planner.setBasal(.continuous(MassRate(nanogramsPerDay: rate.picolitresPerDay)), at: origin.monotonic)
        planner.start(at: origin.monotonic)
        var samples: [VolumeSample] = []
        for k in 0...(end.nanoseconds / interval.nanoseconds) {
            let instant = origin.monotonic + interval * k
            while case .due(let due) = planner.nextStep(), due <= instant { try planner.recordStep(at: due) }
            planner.advance(to: instant)
            samples.append(VolumeSample(time: interval * k, delivered: .nanolitres(planner.commandedPosition / 1_000)))
        }
        return samples
    }
}
