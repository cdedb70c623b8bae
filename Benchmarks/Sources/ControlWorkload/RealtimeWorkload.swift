#if canImport(Glibc)
import Glibc
#endif
import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import Synchronization

/// The real control loop on the simulated rig and the system clocks, stepping at one fixed rate:
/// `RealtimeLoop` (its own pthread, SCHED_FIFO and mlockall when the options ask and the process
/// may, a timerfd on absolute CLOCK_MONOTONIC deadlines) driving a `ControlCycle` whose rig has
/// the simulated motor and nothing else — no sensors, so every timer wake is a step wake and the
/// wake interval is the step period. Used by `LoopLatency` (lateness, CPU) and
/// `ControlCycleMallocs` (mallocs per real wake).
public final class RealtimeWorkload {
    /// One step rate: the period, and the rig limit that allows it.
    public struct Rate: Sendable {
        /// How scripts name it: 10, 22, 1000.
        public let key: Int
        public let label: String
        public let period: TimeSpan
        public let maximumRate: VolumeRate
    }

    public static let stepVolume = StepVolume.nanolitres(250)
    /// A timing solution, not a clinical drug: at 40 µg/mL every rate here stays within the
    /// validator's plausibility bounds (≤ 1 g/day) and each dose converts to an exact pL/day flow.
    public static let drug = Drug(name: "timing solution", concentration: .microgramsPerMillilitre(40))

    public static let rates = [
        // hw-profiles/sim.toml: 20 mL/h, 1000 steps/s.
        Rate(key: 10, label: "10 steps/s", period: .milliseconds(100), maximumRate: .millilitresPerHour(20)),
        // sim.toml's maximum: 20 mL/h at 250 nL a step is 80 000 steps/h, one every 45 ms.
        Rate(key: 22, label: "22.2 steps/s (sim.toml max)", period: .milliseconds(45), maximumRate: .millilitresPerHour(20)),
        // A measurement rig, not a clinical profile: 900 mL/h is exactly 1000 steps/s of 250 nL, so
        // the step-frequency limit (1000/s, as in sim.toml) and the rate limit agree. It exists to
        // time the loop at 1 kHz and must never be taken for a therapy configuration.
        Rate(key: 1000, label: "1000 steps/s (timing rig)", period: .milliseconds(1), maximumRate: .millilitresPerHour(900)),
    ]

    /// The basal dose whose flow is exactly one `stepVolume` per `period` at `drug`'s concentration.
    public static func basalDose(period: TimeSpan) -> MassRate {
        let stepsPerDay = TimeSpan.day.nanoseconds / period.nanoseconds
        precondition(stepsPerDay * period.nanoseconds == TimeSpan.day.nanoseconds, "the period must divide a day")
        let picolitresPerDay = stepsPerDay * stepVolume.picolitres
        let dose = MassRate.nanogramsPerDay(picolitresPerDay * drug.concentration.microgramsPerMillilitre / 1_000_000)
        precondition(dose.volumeRate(at: drug.concentration).picolitresPerDay == picolitresPerDay, "the dose must convert to the flow exactly")
        return dose
    }

    public let rate: Rate
    public let prescription: Prescription
    public let rig: SimulatedRig
    public let cycle: ControlCycle
    public let loop: RealtimeLoop

    /// A loop ready to start, with drug for `seconds` of stepping twice over.
    public init(rate: Rate, seconds: Int64, options: RealtimeLoop.Options, onWarning: @escaping @Sendable (String) -> Void) {
        self.rate = rate
        let clock = SystemClock()
        let start = clock.now()
        let stepsOwed = seconds * 1_000_000_000 / rate.period.nanoseconds
        // Never less than sim.toml's 20 mL in a 40 mL reservoir; more only for long 1 kHz runs.
        let fill = max(Volume.millilitres(20), Volume(nanolitres: 2 * stepsOwed * Self.stepVolume.picolitres / 1_000) + .millilitres(1))
        let rigConfiguration = RigConfiguration(
            stepVolume: Self.stepVolume, maximumRate: rate.maximumRate, maximumStepsPerSecond: 1000,
            deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1), reservoirCapacity: max(.millilitres(40), fill),
            emptyThreshold: .microlitres(500))
        // Simple continuous basal; limits at the validator's ceiling so none ever binds.
        prescription = Prescription(
            drug: Self.drug, basal: .continuous(Self.basalDose(period: rate.period)),
            limits: DoseLimits(maximumDailyDose: .milligrams(1000), maximumHourlyDose: .milligrams(1000), maximumBolus: .milligrams(1)),
            lowReservoirAlarm: .millilitres(1))
        rig = SimulatedRig(
            configuration: SimulatedRigConfiguration(stepVolume: Self.stepVolume, reservoirFill: fill, initialCatheterFill: .microlitres(200)),
            clock: clock)
        let session = TherapySession(
            rig: rigConfiguration,
            fill: ReservoirFill(volume: fill, drug: Self.drug, filledAt: start.wall, position: 0),
            pathPrimed: true, battery: BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000),
            clock: start)
        // The motor only: no sensor polls, so every timer wake is a step wake.
        cycle = ControlCycle(session: session, rig: RigIO(motor: rig.motor), settings: ControlSettings())
        loop = RealtimeLoop(cycle: cycle, clock: clock, options: options, onWarning: onWarning)
    }

    public enum Failure: Error, CustomStringConvertible {
        case start(HardwareError), refused(String), timeout
        public var description: String {
            switch self {
            case .start(let error): "the loop did not start: \(error)"
            case .refused(let reason): "prescription refused: \(reason)"
            case .timeout: "the loop never ran the commit command"
            }
        }
    }

    /// What the commit command reports back from the loop thread.
    private final class CommitBox: Sendable {
        let state = Mutex<(instant: Int64?, error: String?)>((nil, nil))
    }

    /// Starts the loop and programs it through its inbox, so the schedule starts on the running
    /// loop thread. Returns the CLOCK_MONOTONIC instant of the commit: step k is due at
    /// commit + k × period.
    public func startAndProgram() throws(Failure) -> Int64 {
        do { try loop.start() } catch { throw .start(error) }
        let commit = CommitBox()
        let prescription = self.prescription
        loop.inbox.enqueue { session, reading in
            do {
                try session.commit(prescription, at: reading)
                commit.state.withLock { $0.instant = reading.monotonic.nanoseconds }
            } catch {
                commit.state.withLock { $0.error = "\(error)" }
            }
        }
        let giveUp = SystemClock.monotonicNanoseconds() + 5_000_000_000
        while true {
            let state = commit.state.withLock { $0 }
            if let error = state.error { loop.stop(); throw .refused(error) }
            if let instant = state.instant { return instant }
            if SystemClock.monotonicNanoseconds() > giveUp { loop.stop(); throw .timeout }
            usleep(100)
        }
    }

    /// Sleeps on CLOCK_MONOTONIC until `deadline` (nanoseconds).
    public static func sleep(untilMonotonic deadline: Int64) {
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }
}
