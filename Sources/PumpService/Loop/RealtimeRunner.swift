public import PumpControl
public import PumpCore

/// Runs commands on the real-time loop's thread through its inbox.
public final class RealtimeRunner: ControlLoopRunner {
    public let loop: RealtimeLoop

    public init(loop: RealtimeLoop) { self.loop = loop }

    public func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            loop.inbox.enqueue { session, now in continuation.resume(returning: body(&session, now)) }
        }
    }

    public var snapshot: CycleSnapshot { loop.snapshot }
    public var latenessSummary: LatenessSummary { loop.latenessSummary }
    public var heartbeat: Int64 { loop.heartbeat }
    public func stop() { loop.stop() }
}
