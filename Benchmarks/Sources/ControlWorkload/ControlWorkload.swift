import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit

/// The control-cycle workload measured by `ControlBenchmarks` and printed by `PlannerYear` and
/// `ControlCycleMallocs`: PumpTestKit's `SimulatedBench` — a `ControlCycle` on the simulated rig and a
/// `VirtualClock` with motor, occlusion, reservoir and driver-fault switches, line pressure and
/// battery, with measurement noise on the analog channels — running 500 µg/day of baclofen at
/// 2000 µg/mL (one 250 nL step every 86.4 s).
///
/// `make()` programs it and runs one simulated day through `VirtualLoopDriver`, so every buffer
/// the loop keeps (command queue, alarm book, dose windows, moving average) has been used and the
/// cycle is in steady state. `runWakes(_:)` then drives it exactly as the real-time thread would:
/// advance the clock to the deadline the last wake returned and wake the cycle there, one wake per
/// iteration, nothing else in between (no extra wake at the end of a span, as
/// `VirtualLoopDriver.advance(by:)` makes).
public final class ControlWorkload {
    /// Simulated time the cycle runs before anything is measured.
    public static let warmUp = TimeSpan.day

    public let bench: SimulatedBench
    public var clock: VirtualClock { bench.clock }
    public var rig: SimulatedRig { bench.rig }
    public var driver: VirtualLoopDriver { bench.driver }
    public var cycle: ControlCycle { bench.cycle }
    /// The instant the last wake asked to be woken at.
    public private(set) var deadline: MonotonicInstant = .distantFuture

    private init() throws {
        bench = try SimulatedBench()
    }

    /// A programmed cycle after `warmUp` of simulated time, ready for `runWakes`.
    public static func make() throws -> ControlWorkload {
        let workload = try ControlWorkload()
        workload.bench.program()
        workload.driver.advance(by: warmUp)
        _ = workload.cycle.takeEvents()  // the day's events are not the measured loop's business
        // The driver keeps its deadline to itself; one wake at the current instant gives it again
        // (nothing is due, so it changes nothing but the deadline).
        workload.deadline = workload.cycle.wake(at: workload.clock.now())
        if let problem = workload.problem { preconditionFailure("control workload not in steady state: \(problem)") }
        return workload
    }

    public struct Tally: Sendable, Equatable {
        public var wakes: Int
        /// Motor steps made during the wakes.
        public var steps: Int64
        /// Simulated time the wakes covered.
        public var span: TimeSpan
    }

    /// Wakes the cycle `count` times, each at the deadline the previous wake returned.
    /// With `publisher`, each wake is preceded by withdrawing the published session and followed
    /// by publishing it, as `RealtimeLoop` does for status readers.
    public func runWakes(_ count: Int, publishingTo publisher: SessionPublisher? = nil) -> Tally {
        let stepsBefore = cycle.stepsMoved
        let start = clock.now().monotonic
        for _ in 0..<count {
            clock.advance(to: deadline)
            publisher?.withdraw()
            deadline = cycle.wake(at: clock.now())
            publisher?.publish(cycle.sessionSnapshot())
        }
        return Tally(wakes: count, steps: cycle.stepsMoved - stepsBefore, span: clock.now().monotonic - start)
    }

    /// Nil while the cycle delivers normally (running, no alarm), otherwise what is wrong.
    public var problem: String? {
        let session = cycle.session
        var problems: [String] = []
        if session.mode != .running { problems.append("mode \(session.mode)") }
        let alarms = session.alarms.activeAlarms
        if !alarms.isEmpty { problems.append("alarms \(alarms.map { "\($0.kind): \($0.evidence)" })") }
        if deadline == .distantFuture { problems.append("no deadline") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// Steps the program implies over `span` at 500 µg/day, 2000 µg/mL, 250 nL (86.4 s a step).
    public static func stepsExpected(over span: TimeSpan) -> Double { Double(span.nanoseconds) / 86_400_000_000_000 * 1000 }
}

extension ControlWorkload {
    /// The plain-numbers report shared by `ControlCycleMallocs` and `PlannerYear`: every line
    /// starts with `label` ("control cycle: mallocs/wake …"). `mallocs` nil means the interposer
    /// was not loaded.
    public static func reportLines(_ label: String, _ tally: Tally, elapsed: Duration, mallocs: Int?) -> [String] {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let simulatedSeconds = Double(tally.span.nanoseconds) / 1e9
        var lines = [
            "\(label): wakes              \(tally.wakes) (simulated \(decimal(simulatedSeconds / 3600, 2)) h, sensors and motor)",
            "\(label): steps in the wakes \(tally.steps) (program implies \(decimal(stepsExpected(over: tally.span), 1)))",
            "\(label): ns/wake            \(decimal(seconds * 1e9 / Double(max(tally.wakes, 1)), 1))",
        ]
        if let mallocs {
            lines.append("\(label): mallocs            \(mallocs)")
            lines.append("\(label): mallocs/wake       \(decimal(Double(mallocs) / Double(max(tally.wakes, 1)), 4))")
        } else {
            lines.append("\(label): mallocs/wake       unavailable (malloc interposer not preloaded)")
        }
        return lines
    }

    /// `value` with `places` decimals, without Foundation.
    public static func decimal(_ value: Double, _ places: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((value * Double(scale)).rounded())
        guard places > 0 else { return "\(scaled)" }
        let fraction = String(abs(scaled % scale))
        return "\(scaled < 0 ? "-" : "")\(abs(scaled) / scale).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }
}
