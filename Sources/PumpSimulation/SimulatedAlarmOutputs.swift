public import PumpCore
public import PumpHardware
import Synchronization

/// The simulated rig's buzzer, red and yellow lamps and buzzer sense, recording every edge with
/// its instant on the rig's clock (for tests and io.pumpd.Rig's truth). Under the `deadBuzzer`
/// fault the buzzer output drives nothing: nothing sounds, no sound edge is recorded and the sense
/// reads silent.
///
/// Callers: the control loop thread drives it; any thread reads what it recorded.
public final class SimulatedAlarmOutputs: AlarmOutputs, Sendable {
    /// One change of an output.
    public struct Edge: Hashable, Sendable {
        public enum Output: String, Hashable, Sendable { case buzzer, red, yellow }
        public var output: Output
        public var on: Bool
        public var at: MonotonicInstant
    }

    /// What the outputs show now and every change so far.
    public struct Record: Hashable, Sendable {
        /// What the controller drives.
        public var driven = AnnunciatorLevels.off
        /// Whether sound is really coming out (driven and not dead).
        public var sounding = false
        /// Every change of sound and of each lamp, oldest first; at most `edgeLimit` kept (the
        /// oldest half dropped when full); `buzzerEdges` counts the sound's changes ever.
        public var edges: [Edge] = []
        /// Sound on/off transitions ever (not bounded).
        public var buzzerEdges: Int64 = 0
    }

    /// Edges kept for reading back (a high alarm makes 20 sound edges per burst).
    public static let edgeLimit = 4_096

    let model: SimulatedRigModel
    private let state = Mutex(Record())

    public init(model: SimulatedRigModel) { self.model = model }

    public let source = "sim:alarm-outputs"
    public var hasBuzzer: Bool { true }
    public var hasRedLamp: Bool { true }
    public var hasYellowLamp: Bool { true }
    public var hasBuzzerSense: Bool { true }

    public func drive(_ levels: AnnunciatorLevels) throws(HardwareError) {
        let now = model.clock.monotonicNow()
        let dead = levels.buzzer && model.buzzerDead
        state.withLock { record in
            Self.sound(levels.buzzer && !dead, at: now, in: &record)
            if levels.red != record.driven.red { Self.note(.red, levels.red, at: now, in: &record) }
            if levels.yellow != record.driven.yellow { Self.note(.yellow, levels.yellow, at: now, in: &record) }
            record.driven = levels
        }
    }

    /// The `deadBuzzer` switch changed (SimulatedFaults calls this right after): sound stops at
    /// once when the buzzer dies mid-pulse, and comes back at once when it is revived while driven.
    func buzzerHealthChanged() {
        let now = model.clock.monotonicNow()
        let dead = model.buzzerDead
        state.withLock { record in Self.sound(record.driven.buzzer && !dead, at: now, in: &record) }
    }

    private static func sound(_ sounding: Bool, at now: MonotonicInstant, in record: inout Record) {
        guard sounding != record.sounding else { return }
        record.sounding = sounding
        record.buzzerEdges += 1
        note(.buzzer, sounding, at: now, in: &record)
    }

    private static func note(_ output: Edge.Output, _ on: Bool, at now: MonotonicInstant, in record: inout Record) {
        // Half at a time, so a long alarm costs amortised O(1) per edge.
        if record.edges.count >= edgeLimit { record.edges.removeFirst(edgeLimit / 2) }
        record.edges.append(Edge(output: output, on: on, at: now))
    }

    public func buzzerSensed() throws(HardwareError) -> Bool? {
        // A buzzer that died while sounding falls silent at once.
        let dead = model.buzzerDead
        return state.withLock { $0.sounding && !dead }
    }

    public func settleSense() {}

    public func hold(nanoseconds: Int64) {}

    /// What has been recorded.
    public var record: Record { state.withLock { $0 } }

    /// The recorded edges of `output`, oldest first.
    public func edges(of output: Edge.Output) -> [Edge] { record.edges.filter { $0.output == output } }
}
