/// What a command-line quantity measures, and the integer unit the daemon counts it in.
public enum QuantityKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Drug mass; wire unit ng.
    case mass
    /// Fluid volume; wire unit nL.
    case volume
    /// Volume one motor step displaces; wire unit pL.
    case stepVolume
    /// Drug concentration; wire unit µg/mL.
    case concentration
    /// Dose rate; wire unit ng/day.
    case doseRate
    /// A span of time; wire unit s.
    case duration

    /// The wire unit's symbol, e.g. `nL`.
    public var wireUnit: String {
        switch self {
        case .mass: "ng"
        case .volume: "nL"
        case .stepVolume: "pL"
        case .concentration: "µg/mL"
        case .doseRate: "ng/day"
        case .duration: "s"
        }
    }

    /// The wire unit spelled out, for messages: `nanolitres (nL)`.
    public var wireUnitName: String {
        switch self {
        case .mass: "nanograms (ng)"
        case .volume: "nanolitres (nL)"
        case .stepVolume: "picolitres (pL)"
        case .concentration: "µg/mL"
        case .doseRate: "ng/day"
        case .duration: "seconds (s)"
        }
    }

    /// Units accepted on the command line, for messages.
    public var acceptedUnits: String {
        switch self {
        case .mass: "ng, µg (ug, mcg), mg or g"
        case .volume: "pl, nl, µl (ul), ml or l"
        case .stepVolume: "pl, nl or µl (ul)"
        case .concentration: "a mass per volume such as ug/ml, mg/ml or ng/ul"
        case .doseRate: "a mass per time such as ug/day, mg/day or ug/h"
        case .duration: "s, min, h or d (combinations such as 1h30min too)"
        }
    }

    /// An accepted example, for messages.
    public var example: String {
        switch self {
        case .mass: "500ug"
        case .volume: "20ml"
        case .stepVolume: "250nl"
        case .concentration: "2000ug/ml"
        case .doseRate: "500ug/day"
        case .duration: "10min"
        }
    }

    public var description: String {
        switch self {
        case .mass: "mass"
        case .volume: "volume"
        case .stepVolume: "step volume"
        case .concentration: "concentration"
        case .doseRate: "dose rate"
        case .duration: "duration"
        }
    }
}
