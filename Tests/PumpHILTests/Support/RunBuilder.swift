import PumpCore
import Varlink

@testable import PumpHIL

/// Hand-made recorded runs for the evaluator: samples of truth and status, and events, on a
/// scenario timeline that starts at ``start`` (no wall-clock steps).
struct RunBuilder {
    static let start = CivilTime(rfc3339: "2026-01-05T08:00:00Z")!
    var run = RecordedRun()

    /// 250 nL per step, as the simulated rig.
    init(stepVolume: Int64 = 250_000) { run.stepVolume = stepVolume }

    /// The wall-clock time `t` scenario seconds after the start (RFC 3339).
    static func wall(_ t: Int64) -> String { (start + .seconds(t)).description }

    /// A sample at `t` with the rig's truth and a status holding `alarms` (their kinds) and `status`.
    /// `lastStepAgo` (ns) and `stepsWhileDisabled` are in the truth only when given.
    mutating func sample(
        at t: Int64, steps: Int64 = 0, enabled: Bool = true, tip: Int64 = 0, alarms: [String] = [], status: JSONObject = [:],
        lastStepAgo: Int64? = nil, stepsWhileDisabled: Int64? = nil
    ) {
        var fullStatus = status
        fullStatus["alarms"] = .array(alarms.map { ["kind": .string($0)] })
        var truth: JSONObject = ["motorSteps": .integer(steps), "motorEnabled": .bool(enabled), "deliveredAtTip": .integer(tip)]
        if let lastStepAgo { truth["lastStepAgo"] = .integer(lastStepAgo) }
        if let stepsWhileDisabled { truth["stepsWhileDisabled"] = .integer(stepsWhileDisabled) }
        run.samples.append(["t": .integer(t), "time": .string(Self.wall(t)), "status": .object(fullStatus), "truth": .object(truth)])
    }

    mutating func event(_ kind: String, at t: Int64, role: String? = nil, summary: String = "", detail: JSONObject = [:]) {
        run.events.append(RecordedEvent(t: t, time: Self.wall(t), kind: kind, summary: summary, detail: detail, role: role))
    }

    mutating func alarm(_ alarm: String, raisedAt t: Int64) {
        event("alarmRaised", at: t, summary: "\(alarm) alarm", detail: ["alarm": .string(alarm)])
    }

    /// The verdict on one expectation of `kind`.
    func judge(_ kind: Expectation.Kind) -> ExpectationResult {
        ExpectationEvaluator(run: run).judge(Expectation(kind: kind, name: "under test", origin: "test.toml:1"))
    }
}
