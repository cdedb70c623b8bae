public import PumpControl
public import PumpCore

/// What the service needs from whatever runs the control cycle: the real-time thread on real or
/// accelerated time, or the virtual-clock driver a harness steps through time.
///
/// Callers: any task. `perform` runs its body on the loop's own thread (or under the virtual
/// driver's lock) at the loop's current reading and returns what the body returned; the loop
/// never waits for the caller.
public protocol ControlLoopRunner: Sendable {
    /// Runs `body` against the therapy session at the loop's next wake.
    func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result
    /// Runs a change: `body` against the therapy session at the loop's next wake, as `perform`
    /// does; nil, without running it, once the loop has stopped (a change made then would be in
    /// force nowhere, yet recorded as made).
    func performChange<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result?
    /// Runs `body` against the control cycle itself (its sensor thresholds as well as its session)
    /// on the loop's thread at its next wake, as `perform` does; nil, without running it, once the
    /// loop has stopped (a stopped loop has no thresholds to change).
    func performOnCycle<Result: Sendable>(_ body: @escaping @Sendable (ControlCycle, ClockReading) -> Result) async -> Result?
    /// The cycle's state as last published.
    var snapshot: CycleSnapshot { get }
    /// The session and the loop state with it, as of the loop's last wake or command, read
    /// without waking the loop: a change a `perform` body made is in it once that call returned.
    var sessions: SessionPublisher { get }
    /// Wake lateness of the real-time thread (zeros on the virtual clock).
    var latenessSummary: LatenessSummary { get }
    /// CLOCK_MONOTONIC nanoseconds of the loop's last wake; the watchdog's sign of life.
    var heartbeat: Int64 { get }
    /// From now on, shows `observer` every snapshot the loop publishes, replacing any observer
    /// before: what lets the storage task sleep until the pump has moved instead of polling.
    /// `notices` runs where the snapshot is published (the loop's thread, or under the virtual
    /// driver's lock) and must only look; `act` runs, in order, for each publication it asked for,
    /// on a thread that may start threads (`PublicationObserver`).
    func observePublications(_ observer: PublicationObserver)
    /// Stops delivery, disables the motor and ends the loop; returns the session as it was left.
    @discardableResult
    func stop() -> TherapySession
}
