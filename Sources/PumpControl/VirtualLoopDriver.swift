public import PumpCore
public import PumpHardware

/// Runs a control cycle on a `VirtualClock`: time moves only when the harness advances it, and
/// every deadline on the way is honoured exactly, so a 90-day run takes seconds and repeats to the
/// nanosecond.
public final class VirtualLoopDriver {
    public let cycle: ControlCycle
    public let clock: VirtualClock
    private var deadline = MonotonicInstant.distantFuture

    public init(cycle: ControlCycle, clock: VirtualClock) {
        self.cycle = cycle
        self.clock = clock
        // Nothing reads the session between this driver's wakes but after a span's last, which is
        // full: quiet wakes may run until the next step, boundary or hour.
        cycle.quietSpan = .hours(1)
    }

    public func start() throws(HardwareError) {
        try cycle.start(at: clock.now())
        deadline = cycle.wakeFully(at: clock.now())
    }

    /// Advances virtual time by `span`, waking the cycle at each deadline on the way and once at
    /// the end (so commands queued meanwhile run).
    public func advance(by span: TimeSpan) {
        let end = clock.now().monotonic + span
        while deadline <= end {
            clock.advance(to: deadline)
            deadline = cycle.wake(at: clock.now())
        }
        clock.advance(to: end)
        deadline = cycle.wakeFully(at: clock.now())  // the session at `end`, as the caller sees it next
    }

    /// Runs `body` on the session now and returns its result; the cycle then wakes at this instant.
    public func perform<Result>(_ body: (inout TherapySession, ClockReading) -> Result) -> Result {
        let result = cycle.perform(at: clock.now(), body)
        deadline = cycle.wake(at: clock.now())
        return result
    }

    /// Runs `body` on the cycle itself now (a reload's retune) and returns its result; the cycle
    /// then wakes at this instant.
    public func performOnCycle<Result>(_ body: (ControlCycle, ClockReading) -> Result) -> Result {
        let result = body(cycle, clock.now())
        deadline = cycle.wakeFully(at: clock.now())
        return result
    }

    /// Runs a command on the cycle now, as if it came through the inbox.
    public func apply(_ command: CommandInbox.Command) {
        cycle.apply(command, at: clock.now())
        deadline = cycle.wake(at: clock.now())
    }
}
