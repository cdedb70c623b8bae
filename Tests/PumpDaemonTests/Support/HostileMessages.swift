/// One message a hostile client sends: bytes up to and including a NUL (interior NULs split it
/// into several messages, each answered on its own), and what the service must make of it.
struct HostileMessage: Sendable {
    enum Expectation: Sendable {
        /// Not a valid call: each NUL-terminated part is answered with io.pumpd.Pump.MalformedRequest.
        case malformed
        /// A valid call (JSON, envelope and method name): answered like any call, never as malformed.
        case call
    }

    var bytes: [UInt8]
    /// What the generator made, for counts and for the reproduction of a failure.
    var label: String
    /// The qualified method of a call, when the message is one.
    var method: String?
    var expectation: Expectation
    /// A valid oneway call: the service answers nothing at all.
    var oneway = false

    var replyCount: Int { oneway ? 0 : bytes.reduce(0) { $1 == 0 ? $0 + 1 : $0 } }

    /// The first word of the label: the kind of hostility, for the closing counts.
    var category: String { String(label.prefix { $0 != ":" }) }
}

/// What one connection does.
enum HostileEpisode: Sendable {
    /// Each message is sent once the previous one's replies arrived.
    case sequential([HostileMessage])
    /// All messages are written at once, then every reply is read.
    case pipelined([HostileMessage])
    /// Complete messages (answered), then the start of another that never ends: the client closes,
    /// or half-closes and waits for the service to hang up.
    case halfSent(complete: [HostileMessage], partial: [UInt8], label: String, thenShutdownWrite: Bool)
    /// More than the 64 KiB message limit: answered with RequestTooLarge and closed, or closed.
    case oversized(bytes: [UInt8], label: String)
}

/// The methods pumpd serves and what each takes. State-changing methods are only ever sent in a
/// form that is certainly refused (see ``HostileRequestGenerator``).
enum PumpdMethods {
    enum Kind: CaseIterable { case int, string, bool, object, array }

    struct Parameter {
        var name: String
        var kind: Kind
        var required: Bool
    }

    static let readOnly: [String: [Parameter]] = [
        "io.pumpd.Pump.GetStatus": [],
        "io.pumpd.Pump.GetPrescription": [],
        "io.pumpd.Pump.ValidatePrescription": [.init(name: "prescription", kind: .object, required: true)],
        "io.pumpd.Pump.ValidateRefill": [.init(name: "refill", kind: .object, required: true)],
        "io.pumpd.Pump.ValidateFirstFill": [.init(name: "fill", kind: .object, required: true)],
        "io.pumpd.Pump.GetAlarms": [.init(name: "since", kind: .string, required: false)],
        "io.pumpd.Pump.GetHistory": [
            .init(name: "from", kind: .string, required: false), .init(name: "to", kind: .string, required: false),
            .init(name: "kinds", kind: .array, required: false), .init(name: "limit", kind: .int, required: false),
        ],
        "io.pumpd.Rig.GetTruth": [],
        "io.pumpd.Rig.GetFaults": [],
        "io.pumpd.Rig.GetClock": [],
        "org.varlink.service.GetInfo": [],
        "org.varlink.service.GetInterfaceDescription": [.init(name: "interface", kind: .string, required: true)],
    ]

    /// Changes state when its parameters are valid (WatchEvents: streams forever when called with
    /// more, so it is treated like these).
    static let changingState: [String: [Parameter]] = [
        "io.pumpd.Pump.CommitPrescription": [
            .init(name: "prescription", kind: .object, required: true), .init(name: "token", kind: .string, required: true),
        ],
        "io.pumpd.Pump.Stop": [],
        "io.pumpd.Pump.Resume": [],
        "io.pumpd.Pump.CommitRefill": [
            .init(name: "refill", kind: .object, required: true), .init(name: "token", kind: .string, required: true),
            .init(name: "acceptWarnings", kind: .array, required: false), .init(name: "overrideReason", kind: .string, required: false),
        ],
        "io.pumpd.Pump.CommitFirstFill": [
            .init(name: "fill", kind: .object, required: true), .init(name: "token", kind: .string, required: true),
            .init(name: "acceptWarnings", kind: .array, required: false), .init(name: "overrideReason", kind: .string, required: false),
        ],
        "io.pumpd.Pump.EndBolus": [],
        "io.pumpd.Pump.Bolus": [
            .init(name: "kind", kind: .string, required: true), .init(name: "dose", kind: .int, required: false),
            .init(name: "duration", kind: .int, required: false),
        ],
        "io.pumpd.Pump.Prime": [.init(name: "volume", kind: .int, required: false), .init(name: "newPath", kind: .bool, required: true)],
        "io.pumpd.Pump.Calibrate": [
            .init(name: "stepVolume", kind: .int, required: false), .init(name: "measuredVolume", kind: .int, required: false),
            .init(name: "steps", kind: .int, required: false),
        ],
        "io.pumpd.Pump.AcknowledgeAlarm": [.init(name: "kind", kind: .string, required: true)],
        "io.pumpd.Pump.WatchEvents": [],
        "io.pumpd.Rig.SetFaults": [.init(name: "faults", kind: .object, required: true)],
        "io.pumpd.Rig.AdvanceTime": [.init(name: "seconds", kind: .int, required: true)],
    ]

    static var all: [String] { (Array(readOnly.keys) + Array(changingState.keys)).sorted() }

    static func parameters(of method: String) -> [Parameter] { readOnly[method] ?? changingState[method] ?? [] }

    static let alarmKinds: Set<String> = [
        "occlusion", "motor-stall", "driver-fault", "reservoir-empty", "reservoir-low", "reservoir-switch-low", "battery-eos",
        "battery-eri", "overinfusion-guard", "safety-sensor-failure", "sensor-degraded", "refill-discrepancy",
        "dose-limit-reached", "storage-failure",
    ]
    static let sensors: Set<String> = ["pressure", "battery", "occlusionSwitch", "reservoirSwitch"]
    static let eventKinds = [
        "programCommitted", "deliveryStarted", "deliveryStopped", "deliveryNotStarted", "bolusStarted", "bolusCompleted",
        "bolusInterrupted", "primingStarted", "primingCompleted", "periodicBolusSkipped", "refilled", "calibrated", "alarmRaised",
        "alarmCleared", "alarmAcknowledged", "wallClockJumped", "deliveryGap", "restored",
    ]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
}
