import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation

/// A control cycle driving a simulated rig on a virtual clock, running 500 µg/day of baclofen at
/// 2000 µg/mL (one 250 nL step every 86.4 s).
final class SimulatedBench {
    static let origin = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 1_000_000_000),
        wall: CivilTime(unixNanoseconds: CivilTime.daysSinceEpoch(year: 2026, month: 11, day: 16) * TimeSpan.day.nanoseconds))
    static let drug = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))
    static let rigConfiguration = RigConfiguration(
        stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(20), maximumStepsPerSecond: 1000,
        deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1), reservoirCapacity: .millilitres(40),
        emptyThreshold: .microlitres(500))

    let clock = VirtualClock(start: SimulatedBench.origin)
    let rig: SimulatedRig
    let driver: VirtualLoopDriver

    init(settings: ControlSettings = SimulatedBench.settings, withPressure: Bool = true, withSwitch: Bool = true) throws {
        rig = SimulatedRig(
            configuration: SimulatedRigConfiguration(
                reservoirFill: .millilitres(20), initialCatheterFill: .microlitres(200), pressureNoisePascals: 20,
                batteryNoiseMillivolts: 1),
            clock: clock)
        let session = TherapySession(
            rig: Self.rigConfiguration,
            fill: ReservoirFill(volume: .millilitres(20), drug: Self.drug, filledAt: Self.origin.wall, position: 0),
            pathPrimed: true, battery: BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000),
            clock: Self.origin)
        var io = rig.io
        if !withSwitch { io.occlusionSwitch = nil }
        if !withPressure { io.pressure = nil }
        driver = VirtualLoopDriver(cycle: ControlCycle(session: session, rig: io, settings: settings), clock: clock)
        try driver.start()
    }

    static let settings = ControlSettings(
        pressurePoll: .seconds(1), occlusionThresholdPascals: 137_900, occlusionConfirmSamples: 3,
        batteryPoll: .seconds(30), batteryAverageOf: 10, switchPoll: .milliseconds(500), stuckAfterSamples: 20)

    static let prescription = Prescription(
        drug: drug, basal: .continuous(.microgramsPerDay(500)),
        limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
        lowReservoirAlarm: .millilitres(2))

    var session: TherapySession { driver.cycle.session }
    var truth: RigTruth { rig.truth() }
    var now: MonotonicInstant { clock.now().monotonic }

    func program() {
        driver.apply { session, now in try! session.commit(SimulatedBench.prescription, at: now) }
    }

    /// Advances in `slice` steps until `condition` holds or `limit` passes; returns the time taken.
    @discardableResult
    func advance(until condition: () -> Bool, slice: TimeSpan = .seconds(1), limit: TimeSpan) -> TimeSpan? {
        let start = now
        while now - start < limit {
            if condition() { return now - start }
            driver.advance(by: slice)
        }
        return condition() ? now - start : nil
    }

    func isActive(_ kind: AlarmKind) -> Bool { session.alarms.active[kind]?.isActive == true }
}
