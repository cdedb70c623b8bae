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
    /// A dose limit over any 24 hours, written as a mass (`600ug`) or a mass per day (`600ug/day`); wire unit ng.
    case dailyMass
    /// A dose limit over any hour, written as a mass (`60ug`) or a mass per hour (`60ug/h`); wire unit ng.
    case hourlyMass
    /// Flow rate of fluid; wire unit pL/day.
    case volumeRate
    /// A span of time; wire unit s.
    case duration
    // Issue 14 (linecal): what a balance weighs for a calibration run.
    /// Weighed fluid mass; wire unit µg (a balance's 0.01 mg is 10 µg).
    case weighedMass
    /// Fluid density, a mass per volume; wire unit µg/mL (water at 20 °C: 998.2mg/ml = 998 200).
    case density

    /// The wire unit's symbol, e.g. `nL`.
    public var wireUnit: String {
        switch self {
        case .mass: "ng"
        case .volume: "nL"
        case .stepVolume: "pL"
        case .concentration: "µg/mL"
        case .doseRate: "ng/day"
        case .dailyMass, .hourlyMass: "ng"
        case .volumeRate: "pL/day"
        case .duration: "s"
        case .weighedMass: "µg"
        case .density: "µg/mL"
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
        case .dailyMass, .hourlyMass: "nanograms (ng)"
        case .volumeRate: "pL/day"
        case .duration: "seconds (s)"
        case .weighedMass: "micrograms (µg)"
        case .density: "µg/mL"
        }
    }

    /// Units accepted on the command line, for messages.
    public var acceptedUnits: String {
        switch self {
        case .mass: "ng, µg (ug, mcg), mg or g"
        case .volume: "pl, nl, µl (ul), ml or l"
        case .stepVolume: "pl, nl or µl (ul)"
        case .concentration: "a mass per volume such as ug/ml, mg/ml or ng/ul"
        case .doseRate: "a mass per time such as ug/day, ug/d, mg/day or ug/h"
        case .dailyMass: "a mass (ng, µg (ug, mcg), mg or g), optionally per day: 600ug or 600ug/day"
        case .hourlyMass: "a mass (ng, µg (ug, mcg), mg or g), optionally per hour: 60ug or 60ug/h"
        case .volumeRate: "a volume per time such as ml/day, ml/d, ul/h or ml/h"
        case .duration: "s, min, h or d (combinations such as 1h30min too)"
        case .weighedMass: "ng, µg (ug, mcg), mg or g"
        case .density: "a mass per volume such as mg/ml or g/ml"
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
        case .dailyMass: "600ug/day"
        case .hourlyMass: "60ug/h"
        case .volumeRate: "0.25ml/day"
        case .duration: "10min"
        case .weighedMass: "103.81mg"
        case .density: "998.2mg/ml"
        }
    }

    /// What a value of this kind is, for the negative-value message: `a dose cannot be negative`.
    public var subject: String {
        switch self {
        case .mass: "a dose"
        case .volume: "a volume"
        case .stepVolume: "a step volume"
        case .concentration: "a concentration"
        case .doseRate: "a dose rate"
        case .dailyMass: "a daily dose"
        case .hourlyMass: "an hourly dose"
        case .volumeRate: "a flow rate"
        case .duration: "a duration"
        case .weighedMass: "a weighed mass"
        case .density: "a density"
        }
    }

    /// The period a per-period mass may name (`/day`, `/h`), as a factor to seconds; nil for other kinds.
    var period: UnitFactor? {
        switch self {
        case .dailyMass: UnitFactor(86_400)
        case .hourlyMass: UnitFactor(3_600)
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .mass: "mass"
        case .volume: "volume"
        case .stepVolume: "step volume"
        case .concentration: "concentration"
        case .doseRate: "dose rate"
        case .dailyMass: "daily dose"
        case .hourlyMass: "hourly dose"
        case .volumeRate: "flow rate"
        case .duration: "duration"
        case .weighedMass: "weighed mass"
        case .density: "density"
        }
    }
}
