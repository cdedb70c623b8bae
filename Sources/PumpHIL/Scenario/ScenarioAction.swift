public import Varlink

/// Something the harness does at a time on the scenario's timeline.
public struct ScenarioAction: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Any Varlink method with its parameters (io.pumpd.Pump or io.pumpd.Rig).
        case call(method: String, parameters: JSONObject)
        /// ValidatePrescription then CommitPrescription with the token, of a named program,
        /// accepting these warning codes (nil: every warning its review raises, as the clinician
        /// who wrote the scenario).
        case program(name: String, accept: [String]? = nil)
        /// ValidateRefill then CommitRefill with the token (io.pumpd.Pump's Refill), accepting
        /// these warning codes.
        case refill(JSONObject, accept: [String])
        /// io.pumpd.Rig.SetFaults with these changes.
        case faults(JSONObject)
        /// Stops pumpd (SIGKILL when `crash`, SIGTERM otherwise), lets `outageSeconds` of virtual
        /// time pass, and starts it again on the same state.
        case restart(outageSeconds: Int64, crash: Bool)
        /// io.pumpd.Rig.StepWallClock: the wall clock alone jumps.
        case stepWallClock(seconds: Int64)
    }

    public var atSeconds: Int64
    public var kind: Kind
    /// The error the call must be refused with (its full name); nil: it must succeed.
    public var expectError: String?
    /// Where it was written (`file:line`), for reports.
    public var origin: String

    public init(atSeconds: Int64, kind: Kind, expectError: String? = nil, origin: String) {
        self.atSeconds = atSeconds
        self.kind = kind
        self.expectError = expectError
        self.origin = origin
    }

    /// One line for reports: `t=600 s SetFaults {"occlusion":true}`.
    public var label: String {
        let what: String =
            switch kind {
            case .call(let method, let parameters): "\(method) \(JSONValue.object(parameters))"
            case .program(let name, let accept): "program \(name)" + (accept.map { " accepting [" + $0.joined(separator: ", ") + "]" } ?? "")
            case .refill(let refill, let accept):
                "refill \(JSONValue.object(refill))" + (accept.isEmpty ? "" : " accepting " + accept.joined(separator: ", "))
            case .faults(let faults): "faults \(JSONValue.object(faults))"
            case .restart(let outage, let crash): (crash ? "crash (SIGKILL)" : "stop (SIGTERM)") + ", \(outage) s down, restart"
            case .stepWallClock(let seconds): "wall clock stepped by \(seconds) s"
            }
        return "t=\(atSeconds) s \(what)" + (expectError.map { " → refused with \($0)" } ?? "")
    }
}
