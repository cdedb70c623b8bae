public import PumpControl
public import PumpCore
public import PumpHardware
public import PumpSimulation

/// A control cycle driving a simulated rig on a virtual clock: the standard bench for tests,
/// benchmarks and harnesses. It delivers 500 µg/day of baclofen at 2000 µg/mL once `program()` is
/// called: one 250 nL step every 86.4 s, on the rig hw-profiles/sim.toml describes.
public final class SimulatedBench {
    public static let origin = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 1_000_000_000),
        wall: CivilTime(unixNanoseconds: CivilTime.daysSinceEpoch(year: 2026, month: 11, day: 16) * TimeSpan.day.nanoseconds))
    public static let drug = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))
    /// hw-profiles/sim.toml: 250 nL steps, 20 mL/h, 1000 steps/s, 200 µL dead volume, 40 mL.
    public static let rigConfiguration = RigConfiguration(
        stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(20), maximumStepsPerSecond: 1000,
        deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1), reservoirCapacity: .millilitres(40),
        emptyThreshold: .microlitres(500))
    public static let battery = BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000)
    /// Pressure every 1 s, battery every 30 s (mean of 10), switches every 500 ms, stuck after 20.
    public static let settings = ControlSettings(
        pressurePoll: .seconds(1), occlusionThresholdPascals: 137_900, occlusionConfirmSamples: 3,
        batteryPoll: .seconds(30), batteryAverageOf: 10, switchPoll: .milliseconds(500), stuckAfterSamples: 20)
    public static let prescription = Prescription(
        drug: drug, basal: .continuous(.microgramsPerDay(500)),
        limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
        lowReservoirAlarm: .millilitres(2))

    /// A 20 mL reservoir of `drug` behind a primed catheter, at `clock`'s reading.
    public static func session(at reading: ClockReading = origin, rig: RigConfiguration = rigConfiguration) -> TherapySession {
        TherapySession(
            rig: rig, fill: ReservoirFill(volume: .millilitres(20), drug: drug, filledAt: reading.wall, position: 0),
            pathPrimed: true, battery: battery, clock: reading)
    }

    public let clock = VirtualClock(start: SimulatedBench.origin)
    public let rig: SimulatedRig
    public let driver: VirtualLoopDriver

    /// A started bench. `io` chooses the hardware the cycle sees (default: everything the
    /// simulated rig has); it may swap in other parts, e.g. a motor with injected failures.
    /// `rigConfiguration` replaces the therapy core's rig (e.g. another line-test plan).
    public init(
        settings: ControlSettings = SimulatedBench.settings, rigConfiguration: RigConfiguration = SimulatedBench.rigConfiguration,
        io: (SimulatedRig) -> RigIO = { $0.io }
    ) throws(HardwareError) {
        rig = SimulatedRig(
            configuration: SimulatedRigConfiguration(
                reservoirFill: .millilitres(20), initialCatheterFill: .microlitres(200), pressureNoisePascals: 20,
                batteryNoiseMillivolts: 1),
            clock: clock)
        driver = VirtualLoopDriver(cycle: ControlCycle(session: Self.session(rig: rigConfiguration), rig: io(rig), settings: settings), clock: clock)
        try driver.start()
    }

    public var cycle: ControlCycle { driver.cycle }
    public var session: TherapySession { driver.cycle.session }
    public var truth: RigTruth { rig.truth() }
    public var now: MonotonicInstant { clock.now().monotonic }

    /// Commits `prescription` (the bench's by default).
    public func program(_ prescription: Prescription = SimulatedBench.prescription) {
        driver.apply { session, now in try! session.commit(prescription, at: now) }
    }

    /// Advances in `slice` steps until `condition` holds or `limit` passes; returns the time taken.
    @discardableResult
    public func advance(until condition: () -> Bool, slice: TimeSpan = .seconds(1), limit: TimeSpan) -> TimeSpan? {
        let start = now
        while now - start < limit {
            if condition() { return now - start }
            driver.advance(by: slice)
        }
        return condition() ? now - start : nil
    }

    public func isActive(_ kind: AlarmKind) -> Bool { session.alarms.active[kind]?.isActive == true }
}
