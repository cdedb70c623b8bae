public import PumpCore
public import PumpHardware
import Synchronization

/// The physical model of a simulated pump rig: reservoir, catheter dead volume, line pressure,
/// battery, motor with encoder, and the fault switches acting on them.
///
/// Everything is evaluated lazily from `clock` at each call, so the model runs in real,
/// accelerated or virtual time alike: nothing happens between calls, and each call first brings
/// the physics up to the clock's current instant.
///
/// Callers: the adapters (control loop thread), `SimulatedFaults` and test or HIL harnesses,
/// from any thread; one lock guards the whole state.
public final class SimulatedRigModel: Sendable {
    public let configuration: SimulatedRigConfiguration
    public let clock: any ClockSource
    private let state: Mutex<SimulatedRigState>
    /// Where the physics is kept across daemon restarts (nil: in memory only).
    let store: SimulatedRigStore?

    /// A rig on `clock`; with `store`, carried on from the state the store holds (a new store:
    /// as `configuration` describes a fresh rig), and every change is kept in it.
    public init(configuration: SimulatedRigConfiguration = SimulatedRigConfiguration(), clock: any ClockSource, store: SimulatedRigStore? = nil) {
        self.configuration = configuration
        self.clock = clock
        self.store = store
        let now = clock.now()
        var initial = SimulatedRigState(configuration: configuration, start: now.monotonic)
        store?.saved?.restore(into: &initial, now: now.monotonic)
        store?.write(initial, wall: now.wall)
        state = Mutex(initial)
    }

    /// A snapshot of what physically happened, at the clock's current instant.
    public func truth() -> RigTruth {
        settled { $0.truth }
    }

    /// Sets the reservoir's actual content (a refill, or a harness staging a scenario).
    public func refill(to volume: Volume) {
        precondition(volume >= .zero, "a reservoir cannot hold a negative volume")
        settled(keep: true) { $0.refill(to: volume) }
    }

    /// Runs `body` on the state brought up to the clock's current instant.
    /// With `keep`, the result is written to the store: for what moves fluid (steps, refills).
    /// Reads are not: what time alone does (leak, self-drain) follows from the kept instant.
    func settled<Result: Sendable, Failure: Error>(
        keep: Bool = false, _ body: (inout SimulatedRigState) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try state.withLock { (state: inout SimulatedRigState) throws(Failure) -> Result in
            // A read needs the monotonic instant alone: the wall clock is only for the store.
            guard keep else {
                state.settle(to: clock.monotonicNow())
                return try body(&state)
            }
            let now = clock.now()
            state.settle(to: now.monotonic)
            // Kept even when `body` throws: a refused step still counts its pulse.
            defer { store?.write(state, wall: now.wall) }
            return try body(&state)
        }
    }

    /// Changes the fault switches at the current instant: the physics up to now ran under the old
    /// faults, from now on under the new ones.
    func updateFaults(_ body: (inout SimulatedFaultState, _ state: SimulatedRigState) -> Void) {
        settled { state in
            state.reanchor(at: state.settledAt)
            let current = state
            body(&state.faults, current)
        }
    }

    func faultState() -> SimulatedFaultState { settled { $0.faults } }

    /// The motor-hang switch alone: read at every step, so it neither settles the physics nor
    /// copies the whole fault state.
    var motorHung: Bool { state.withLock { $0.faults.motorHang } }

    /// The dead-buzzer switch alone (issue 14): read at every buzzer edge, so it neither settles
    /// the physics nor copies the whole fault state.
    var buzzerDead: Bool { state.withLock { $0.faults.deadBuzzer } }

    /// Off: every settle runs the leak's arithmetic even with no leak (`SimulatedRigState.skipsIdleLeak`).
    var skipsIdleLeak: Bool {
        get { state.withLock { $0.skipsIdleLeak } }
        set { state.withLock { $0.skipsIdleLeak = newValue } }
    }

    // MARK: Adapter entry points

    func step(forward: Bool) throws(HardwareError) {
        try settled(keep: true) { (state: inout SimulatedRigState) throws(HardwareError) in try state.step(forward: forward) }
    }

    func takeEncoderPulses() -> Int64 { settled { $0.takeEncoderPulses() } }

    func takeDiag() -> Bool { settled { $0.takeDiag() } }

    func setEnabled(_ enabled: Bool) {
        settled { $0.enabled = enabled }
    }

    func read(_ sensor: SimulatedSensor) throws(HardwareError) -> Int64 {
        try settled { (state: inout SimulatedRigState) throws(HardwareError) in try state.reading(of: sensor) }
    }
}
