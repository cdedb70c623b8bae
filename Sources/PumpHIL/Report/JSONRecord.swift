public import Varlink

/// The full record of a run as JSON: every scenario with its verdict, actions, expectations,
/// every sample and the event log. Timing of the harness itself is kept apart (`harness`), so
/// the rest of two runs of the same scenarios on the virtual clock is identical byte for byte.
public enum JSONRecord {
    public static func document(_ results: [ScenarioResult]) -> JSONValue {
        .object([
            "harness": ["version": .string(PumpHIL.version), "wallSeconds": .array(results.map { .string(JUnitReport.format($0.wallSeconds)) })],
            "scenarios": .array(results.map(scenario)),
        ])
    }

    /// One scenario's record, without harness timing.
    public static func scenario(_ result: ScenarioResult) -> JSONValue {
        .object([
            "name": .string(result.scenario.name), "hazard": .string(result.scenario.hazard), "file": .string(result.scenario.file),
            "passed": .bool(result.passed), "failure": result.failure.map(JSONValue.string) ?? .null,
            "simulatedSeconds": .integer(result.simulatedSeconds), "stepVolume": .integer(result.run.stepVolume),
            "actions": .array(result.run.actions.map { action in
                ["t": .integer(action.t), "action": .string(action.label), "passed": .bool(action.passed), "result": .string(action.result)]
            }),
            "expectations": .array(result.expectations.map { expectation in
                [
                    "name": .string(expectation.name), "origin": .string(expectation.origin), "passed": .bool(expectation.passed),
                    "measured": .string(expectation.measured), "reason": .string(expectation.reason),
                ]
            }),
            "events": .array(result.run.events.map { event in
                [
                    "t": event.t.map(JSONValue.integer) ?? .null, "time": .string(event.time), "kind": .string(event.kind),
                    "summary": .string(event.summary), "detail": .object(event.detail), "role": event.role.map(JSONValue.string) ?? .null,
                ]
            }),
            "samples": .array(result.run.samples.map(JSONValue.object)),
        ])
    }
}
