import PumpCore
import Varlink

/// Judges expectations on what a run recorded; pure, so every verdict can be tested on made-up
/// runs. Times are scenario seconds; volumes nL (step volumes pL).
public struct ExpectationEvaluator {
    public let run: RecordedRun

    public init(run: RecordedRun) { self.run = run }

    public func judge(_ expectations: [Expectation]) -> [ExpectationResult] { expectations.map(judge) }

    public func judge(_ expectation: Expectation) -> ExpectationResult {
        let (passed, measured, reason) = verdict(expectation.kind)
        return ExpectationResult(name: expectation.name, origin: expectation.origin, passed: passed, measured: measured, reason: passed ? "" : reason)
    }

    /// Whether `t` is known and within `from`…`to` (nothing is, when `to` is before `from`).
    private static func contains(_ from: Int64, _ to: Int64, _ t: Int64?) -> Bool { t.map { from <= $0 && $0 <= to } ?? false }

    private func integer(_ path: String, _ sample: JSONObject) -> Int64? { RecordedRun.value(path, in: sample)?.integerValue }

    /// Forward steps × step volume, in nL.
    private func pumped(_ sample: JSONObject) -> Int64? { integer("truth.motorSteps", sample).map { $0 * run.stepVolume / 1_000 } }

    private func delivered(_ sample: JSONObject, _ measure: Expectation.DeliveryMeasure) -> Int64? {
        measure == .tip ? integer("truth.deliveredAtTip", sample) : pumped(sample)
    }

    /// The volume pumped or out of the tip from the first sample at or after `from` to the last at or before `to`.
    private func volume(from: Int64, to: Int64, _ measure: Expectation.DeliveryMeasure) -> Int64? {
        guard let start = sample(atOrAfter: from).flatMap({ delivered($0, measure) }), let end = sample(atOrBefore: to).flatMap({ delivered($0, measure) }) else {
            return nil
        }
        return end - start
    }

    /// The sample nearest to `t` at or after it.
    private func sample(atOrAfter t: Int64) -> JSONObject? { run.samples.first { (integer("t", $0) ?? -1) >= t } }
    private func sample(atOrBefore t: Int64) -> JSONObject? { run.samples.last { (integer("t", $0) ?? .max) <= t } }

    private func verdict(_ kind: Expectation.Kind) -> (Bool, String, String) {
        switch kind {
        case .alarmRaised(let alarm, let after, let within):
            guard let raise = run.firstRaise(of: alarm, after: after), let t = raise.t else {
                return (false, "not raised", "no \(alarm) alarm was raised after t=\(after) s")
            }
            return (t - after <= within, "raised \(t - after) s after t=\(after) s", "raised \(t - after) s after t=\(after) s: later than \(within) s")
        case .alarmAbsent(let alarm, let from, let to):
            let raised = run.events.filter { $0.kind == "alarmRaised" && $0.detail["alarm"]?.stringValue == alarm && Self.contains(from, to, $0.t) }
            return (raised.isEmpty, "\(raised.count) raised", "raised at t=\(raised.compactMap(\.t).map(String.init).joined(separator: ", ")) s")
        case .motorStopped(let after, let within, let until):
            return motorStopped(after: after, within: within, until: until)
        case .noDeliveryAfterAlarm(let alarm, let until):
            guard let raise = run.firstRaise(of: alarm), let t = raise.t else { return (false, "not raised", "the \(alarm) alarm was never raised") }
            let window = run.samples(from: t, to: until)
            // Until the alarm is no longer active (cleared and acknowledged, therapy resumed by a person).
            // (A sample taken in the same second, before the loop's next wake, may not show it yet.)
            let isActive = { (sample: JSONObject) in
                RecordedRun.value("status.alarms", in: sample)?.arrayValue?.contains { $0["kind"]?.stringValue == alarm } ?? false
            }
            let active = window.drop { !isActive($0) }.prefix(while: isActive)
            guard let first = active.first.flatMap(pumped), let last = active.last.flatMap(pumped) else {
                return (false, "no samples", "no sample while the \(alarm) alarm was active")
            }
            let steps = run.stepVolume > 0 ? (last - first) * 1_000 / run.stepVolume : 0
            return (steps <= 1, "\(steps) steps in \(active.count) samples after the alarm", "the motor made \(steps) forward steps after the \(alarm) alarm")
        case .delivered(let from, let to, let measure, let expected, let tolerance):
            guard let volume = volume(from: from, to: to, measure) else { return (false, "no samples", "no truth samples at t=\(from) s and t=\(to) s") }
            return (abs(volume - expected) <= tolerance, "\(volume) nL (expected \(expected) ± \(tolerance))", "\(measure.rawValue) \(volume) nL, off by \(volume - expected) nL")
        case .deliveredAtMost(let from, let to, let measure, let atMost):
            guard let volume = volume(from: from, to: to, measure) else { return (false, "no samples", "no truth samples at t=\(from) s and t=\(to) s") }
            return (volume <= atMost, "\(volume) nL (at most \(atMost))", "\(measure.rawValue) \(volume) nL, \(volume - atMost) nL over \(atMost) nL")
        case .noCatchUp(let after, let window, let rate, let toleranceSteps, let resumes):
            guard let start = sample(atOrAfter: after), let end = sample(atOrBefore: after + window), let a = pumped(start), let b = pumped(end),
                let t0 = integer("t", start), let t1 = integer("t", end)
            else { return (false, "no samples", "no truth samples around t=\(after) s") }
            // In 128 bits: a high rate over a long window overflows 64.
            let allowed = Int64(clamping: Int128(rate) * Int128(t1 - t0) / 86_400)
            let step = run.stepVolume / 1_000
            let volume = b - a
            if volume > allowed + toleranceSteps * step {
                return (false, "\(volume) nL in \(t1 - t0) s", "pumped \(volume) nL in \(t1 - t0) s: more than the program's \(allowed) nL + \(toleranceSteps) steps (catch-up)")
            }
            if resumes && volume < allowed - toleranceSteps * step {
                return (false, "\(volume) nL in \(t1 - t0) s", "pumped \(volume) nL in \(t1 - t0) s: delivery did not resume at the program's \(allowed) nL")
            }
            return (true, "\(volume) nL in \(t1 - t0) s (program \(allowed) nL)", "")
        case .event(let kind, let after, let within, let role, let contains):
            let matching = run.events.filter { event in
                event.kind == kind && Self.contains(after, after + within, event.t) && (role == nil || event.role == role)
                    && (contains.map { event.summary.contains($0) || "\(JSONValue.object(event.detail))".contains($0) } ?? true)
            }
            let seen = run.events.filter { $0.kind == kind }.map { "t=\($0.t.map(String.init) ?? "?") s by \($0.role ?? "the pump")" }
            return (!matching.isEmpty, "\(matching.count) logged", seen.isEmpty ? "no \(kind) event was logged" : "\(kind) logged only at \(seen.joined(separator: ", "))")
        case .eventAbsent(let kind, let from, let to):
            let found = run.events.filter { $0.kind == kind && Self.contains(from, to, $0.t) }
            return (found.isEmpty, "\(found.count) logged", "\(kind) logged at t=\(found.compactMap(\.t).map(String.init).joined(separator: ", ")) s: \(found.first?.summary ?? "")")
        case .sampleBounds(let field, _, _, _, _) where !SampleFields.numbers.contains(field):
            return (false, "no such field", "\(field) is not a sample field; the numbers sampled: \(SampleFields.numbers.joined(separator: ", "))")
        case .prediction(let field, _, _, _) where !SampleFields.predictions.contains(field):
            return (false, "no such field", "\(field) is not a prediction; the predictions sampled: \(SampleFields.predictions.joined(separator: ", "))")
        case .sampleBounds(let field, let from, let to, let atLeast, let atMost):
            let samples = run.samples(from: from, to: to)
            let values = samples.compactMap { sample in integer(field, sample).map { (integer("t", sample) ?? 0, $0) } }
            guard !values.isEmpty else { return (false, "no values", "no sample in t=\(from)…\(to) s has \(field)") }
            let low = values.min { $0.1 < $1.1 }!, high = values.max { $0.1 < $1.1 }!
            let measured = "\(low.1)…\(high.1) over \(values.count) samples"
            if let atLeast, low.1 < atLeast { return (false, measured, "\(field) was \(low.1) at t=\(low.0) s, below \(atLeast)") }
            if let atMost, high.1 > atMost { return (false, measured, "\(field) was \(high.1) at t=\(high.0) s, above \(atMost)") }
            return (true, measured, "")
        case .prediction(let field, let at, let alarm, let tolerance):
            guard let sample = sample(atOrAfter: at), let text = RecordedRun.value(field, in: sample)?.stringValue, let predicted = CivilTime(rfc3339: text) else {
                return (false, "no prediction", "no \(field) in the sample at t=\(at) s")
            }
            guard let raise = run.firstRaise(of: alarm, after: at), let actual = CivilTime(rfc3339: raise.time) else {
                return (false, "predicted \(text)", "the \(alarm) alarm was never raised after t=\(at) s, so the prediction \(text) cannot be checked")
            }
            let error = (predicted - actual).nanoseconds / 1_000_000_000
            return (abs(error) <= tolerance, "predicted \(text), raised \(raise.time) (\(error) s off)", "prediction off by \(error) s, more than \(tolerance) s")
        }
    }

    private func motorStopped(after: Int64, within: Int64, until: Int64) -> (Bool, String, String) {
        let samples = run.samples(from: after, to: until)
        guard let last = samples.last.flatMap({ integer("truth.motorSteps", $0) }) else { return (false, "no samples", "no truth samples after t=\(after) s") }
        // The first sample from which the motor is disabled in every later sample and the step count never moves again.
        var stoppedAt: Int64?
        for sample in samples.reversed() {
            guard RecordedRun.value("truth.motorEnabled", in: sample)?.boolValue == false, integer("truth.motorSteps", sample) == last else { break }
            stoppedAt = integer("t", sample)
        }
        guard let stoppedAt, let stopped = samples.first(where: { integer("t", $0) == stoppedAt }) else {
            return (false, "still moving", "the motor was still enabled or stepping at t=\(until) s")
        }
        // The rig's truth times the last forward step to the nanosecond; without it (a rig that
        // does not report it), the first sample from which the motor was still says by when.
        guard let ago = integer("truth.lastStepAgo", stopped) else {
            let delay = stoppedAt - after
            return (delay <= within, "stopped \(delay) s after t=\(after) s", "the motor stopped \(delay) s after t=\(after) s: later than \(within) s")
        }
        let lastStep = stoppedAt * 1_000_000_000 - ago
        let milliseconds = max(lastStep - after * 1_000_000_000, 0) / 1_000_000
        let measured = "last step \(Self.seconds(milliseconds)) s after t=\(after) s; disabled and still from t=\(stoppedAt) s"
        return (milliseconds <= within * 1_000, measured, "the motor's last step came \(Self.seconds(milliseconds)) s after t=\(after) s: later than \(within) s")
    }

    /// Milliseconds as seconds with three decimals.
    static func seconds(_ milliseconds: Int64) -> String {
        "\(milliseconds / 1_000).\(String(milliseconds % 1_000 + 1_000).dropFirst())"
    }

    /// What must hold in every scenario whatever it expects: the rig's truth never saw a STEP
    /// pulse while ENABLE was inactive (a controller fault the motor driver would turn into motion).
    public func invariants() -> [ExpectationResult] {
        let counts = run.samples.compactMap { integer("truth.stepsWhileDisabled", $0) }
        guard let worst = counts.max() else { return [] }
        return [ExpectationResult(
            name: "no STEP pulse while ENABLE was inactive (rig truth, every sample)", origin: "pump-hil", passed: worst == 0,
            measured: "\(worst) over \(counts.count) samples", reason: worst == 0 ? "" : "\(worst) STEP pulses were issued while ENABLE was inactive")]
    }
}
