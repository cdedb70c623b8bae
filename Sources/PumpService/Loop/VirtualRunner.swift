public import PumpControl
public import PumpCore
public import PumpHardware
import Synchronization

/// Runs the control cycle on a virtual clock: time moves only when `advance(by:)` is called, and
/// every step and sensor poll on the way happens at its own instant, so a 90-day run takes
/// seconds and repeats exactly. Commands run at once, at the current virtual instant.
///
/// `@unchecked Sendable`: the driver (and the cycle and rig behind it) is touched only while
/// holding `lock`, so calls from any task are serialised.
public final class VirtualRunner: ControlLoopRunner, @unchecked Sendable {
    private let lock = Mutex(())
    private let unlockedDriver: VirtualLoopDriver
    public let clock: VirtualClock
    private let onEvents: @Sendable ([TherapyEvent]) -> Void
    private let published = Mutex(CycleSnapshot())
    /// The session as of the last command or advance (published under `lock`).
    public let sessions: SessionPublisher
    /// Called with every publication (`PublicationObserver` says why a box, not a bare closure).
    private let observer = Mutex<PublicationObserver?>(nil)
    /// Set by `stop` (under `lock`): the cycle is no longer retuned.
    private var stopped = false

    /// - Throws: when the motor could not be put in its safe state.
    public init(cycle: ControlCycle, clock: VirtualClock, onEvents: @escaping @Sendable ([TherapyEvent]) -> Void) throws(HardwareError) {
        let driver = VirtualLoopDriver(cycle: cycle, clock: clock)
        try driver.start()
        let events = driver.cycle.takeEvents()
        let snapshot = driver.cycle.snapshot()
        sessions = SessionPublisher(driver.cycle.sessionSnapshot())
        unlockedDriver = driver
        self.clock = clock
        self.onEvents = onEvents
        published.withLock { $0 = snapshot }
        if !events.isEmpty { onEvents(events) }
    }

    public func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result {
        withDriver { driver -> Result in
            let result = driver.perform(body)
            publish(driver)
            return result
        }
    }

    public func performChange<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result? {
        withDriver { driver -> Result? in
            guard !stopped else { return nil }
            let result = driver.perform(body)
            publish(driver)
            return result
        }
    }

    public func performOnCycle<Result: Sendable>(_ body: @escaping @Sendable (ControlCycle, ClockReading) -> Result) async -> Result? {
        withDriver { driver -> Result? in
            guard !stopped else { return nil }
            let result = driver.performOnCycle(body)
            publish(driver)
            return result
        }
    }

    /// Runs the pump through `span` of virtual time, then `advanced` (under the lock `stop` takes,
    /// so a stop comes strictly before or after both), and says whether it did: once stopped it
    /// does nothing and returns false (an `AdvanceTime` still running at the daemon's stop must
    /// not move the session past its final checkpoint).
    @discardableResult
    public func advance(by span: TimeSpan, then advanced: () -> Void = {}) -> Bool {
        withDriver { driver in
            guard !stopped else { return false }
            driver.advance(by: span)
            publish(driver)
            advanced()
            return true
        }
    }

    /// Whether `stop` has run: nothing advances the clock from then on.
    public var isStopped: Bool { withDriver { _ in stopped } }

    private func withDriver<T>(_ body: (VirtualLoopDriver) -> T) -> T {
        lock.withLock { _ in body(unlockedDriver) }
    }

    public var snapshot: CycleSnapshot { published.withLock { $0 } }
    public var latenessSummary: LatenessSummary { LatenessSummary(wakes: 0, p50: 0, p99: 0, max: 0) }
    public var heartbeat: Int64 { SystemClock.monotonicNanoseconds() }
    public func observePublications(_ observer: PublicationObserver) { self.observer.withLock { $0 = observer } }

    public func stop() -> TherapySession {
        withDriver { driver in
            stopped = true
            driver.cycle.shutdown(at: clock.now())
            publish(driver)
            return driver.cycle.session
        }
    }

    private func publish(_ driver: VirtualLoopDriver) {
        let events = driver.cycle.takeEvents()
        if !events.isEmpty { onEvents(events) }
        let snapshot = driver.cycle.snapshot()
        published.withLock { $0 = snapshot }
        sessions.publish(driver.cycle.sessionSnapshot())
        observer.withLock { $0 }?.call(snapshot)
    }
}
