extension Expectation {
    /// The expectation in words, when the file gives it no name.
    static func describe(_ kind: Kind) -> String {
        switch kind {
        case .alarmRaised(let alarm, let after, let within): "\(alarm) alarm within \(within) s of t=\(after) s"
        case .alarmAbsent(let alarm, let from, let to): "no \(alarm) alarm in t=\(from)…\(to) s"
        case .motorStopped(let after, let within, let until): "motor disabled and still within \(within) s of t=\(after) s, until t=\(until) s"
        case .noDeliveryAfterAlarm(let alarm, let until): "no delivery after the \(alarm) alarm (until t=\(until) s or its clearing)"
        case .delivered(let from, let to, let measure, let expected, let tolerance):
            "\(measure.rawValue) volume in t=\(from)…\(to) s is \(expected) ± \(tolerance) nL"
        case .deliveredAtMost(let from, let to, let measure, let atMost): "\(measure.rawValue) volume in t=\(from)…\(to) s is at most \(atMost) nL"
        case .noCatchUp(let after, let window, _, let steps, _): "no catch-up in the \(window) s after t=\(after) s (± \(steps) steps)"
        case .event(let kind, let after, let within, let role, _):
            "\(kind) logged in t=\(after)…\(after + within) s" + (role.map { " by a \($0)" } ?? "")
        case .eventAbsent(let kind, let from, let to): "no \(kind) logged in t=\(from)…\(to) s"
        case .sampleBounds(let field, let from, let to, let atLeast, let atMost):
            "\(field) " + [atLeast.map { "≥ \($0)" }, atMost.map { "≤ \($0)" }].compactMap { $0 }.joined(separator: " and ") + " in t=\(from)…\(to) s"
        case .prediction(let field, let at, let alarm, let tolerance): "\(field) at t=\(at) s predicts the \(alarm) alarm within \(tolerance) s"
        }
    }
}
