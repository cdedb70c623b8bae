/// Turns quantities as people write them (`500ug`, `0.5mg`, `2mg/ml`, `1h30min`) into the exact
/// integers the daemon counts in (ng, nL, pL, µg/mL, ng/day, s).
///
/// Arithmetic is exact decimal, never floating point: a value that is not a whole number of the
/// wire unit (`0.0001nl`) is rejected, never rounded. Units are case-insensitive (`mL`, `ml`),
/// `µ`, `μ` and `u` all mean micro, and a space may stand between number and unit. A number
/// without a unit is rejected: no tool guesses one. A rate's time unit may be written `/s`, `/min`,
/// `/h`, `/hr`, `/d`, `/day` and their plurals; `unitSpellings(of:)` lists every accepted unit.
///
/// pumpd, pumpctl and pump-hil all parse through here, so the three accept exactly the same text.
public enum QuantityParser {
    /// Drug mass in ng: `250ng`, `500ug`, `0.5mg`.
    public static func mass(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .mass) }

    /// Volume in nL: `250nl`, `1.5ul`, `20ml`.
    public static func volume(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .volume) }

    /// Step volume in pL: `250nl`, `287.5nl`, `250000pl`.
    public static func stepVolume(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .stepVolume) }

    /// Concentration in µg/mL: `2000ug/ml`, `2mg/ml`, `500ng/ul`.
    public static func concentration(_ text: String) throws(QuantityParseError) -> Int64 {
        try parse(text, as: .concentration)
    }

    /// Dose rate in ng/day: `500ug/day`, `20ug/h`.
    public static func doseRate(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .doseRate) }

    /// A limit over any 24 hours in ng: `600ug` or `600ug/day` (`/d`, `/24h` is not a spelling).
    public static func dailyMass(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .dailyMass) }

    /// A limit over any hour in ng: `60ug` or `60ug/h` (`/hr`, `/hour`).
    public static func hourlyMass(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .hourlyMass) }

    /// A daily dose in ng/day: a mass given per day (`500ug`) or any dose rate (`500ug/day`, `20ug/h`).
    public static func dailyDose(_ text: String) throws(QuantityParseError) -> Int64 {
        try parse(text, as: .doseRate, bareMassPerDay: true)
    }

    /// Weighed mass in µg: `103.81mg`, `0.10381g`, `103810ug` (issue 14: a calibration run's mass).
    public static func weighedMass(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .weighedMass) }

    /// Fluid density in µg/mL: `998.2mg/ml`, `0.9982g/ml`.
    public static func density(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .density) }

    /// Flow rate in pL/day: `0.25ml/day`, `0.25mL/d`, `10ml/h`, `250ul/h`.
    public static func volumeRate(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .volumeRate) }

    /// Duration in whole seconds: `30s`, `10min`, `2h`, `1d`, `1h30min`, `1 h 20 min`.
    public static func duration(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .duration) }

    /// A signed duration in whole seconds, for times relative to now: `-1h` (an hour ago), `+30min`,
    /// `2h` (no sign: later). Only here may a duration be negative.
    public static func signedDuration(_ text: String) throws(QuantityParseError) -> Int64 {
        let trimmed = text.trimmingSpaces
        guard let sign = trimmed.first, sign == "+" || isMinusSign(sign) else { return try duration(trimmed) }
        let rest = trimmed.dropFirst()
        if let next = rest.first, next == "+" || isMinusSign(next) { throw .malformed(text: trimmed, kind: .duration) }
        let seconds: Int64
        do { seconds = try duration(String(rest)) } catch { throw error.quoting(trimmed) }
        return sign == "+" ? seconds : -seconds
    }

    /// Parses `text` as a quantity of `kind` and returns it in the kind's wire unit.
    public static func parse(_ text: String, as kind: QuantityKind) throws(QuantityParseError) -> Int64 {
        try parse(text, as: kind, bareMassPerDay: false)
    }

    /// Every unit spelling `kind` accepts (lower case, as matched), e.g. `ug/d` for a dose rate.
    /// One list for the three tools' tests and for help texts: the grammar is these tables.
    public static func unitSpellings(of kind: QuantityKind) -> [String] {
        let perTime = { (upper: [String: UnitFactor]) in
            upper.keys.flatMap { top in UnitFactor.time.keys.map { "\(top)/\($0)" } }
        }
        let spellings: [String] = switch kind {
        case .mass, .weighedMass: Array(UnitFactor.mass.keys)
        case .volume, .stepVolume: Array(UnitFactor.volume.keys)
        case .duration: Array(UnitFactor.time.keys)
        case .concentration, .density: UnitFactor.mass.keys.flatMap { top in UnitFactor.volume.keys.map { "\(top)/\($0)" } }
        case .doseRate: perTime(UnitFactor.mass)
        case .volumeRate: perTime(UnitFactor.volume)
        case .dailyMass, .hourlyMass:
            Array(UnitFactor.mass.keys)
                + UnitFactor.mass.keys.flatMap { top in periodNames(kind).map { "\(top)/\($0)" } }
        }
        return spellings.sorted()
    }

    /// `-` and the typographic minus `−` (U+2212) that word processors put in pasted text. Two
    /// comparisons: a `Set<Character>` cost the first parse its hashing and a Unicode normalisation.
    private static func isMinusSign(_ character: Character) -> Bool { character == "-" || character == "\u{2212}" }

    /// The time units naming exactly a per-period kind's period: `d`, `day`, `days` for a day.
    private static func periodNames(_ kind: QuantityKind) -> [String] {
        UnitFactor.time.filter { $0.value == kind.period }.map(\.key)
    }

    private static func parse(_ text: String, as kind: QuantityKind, bareMassPerDay: Bool) throws(QuantityParseError) -> Int64 {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw .empty(kind) }
        if let first = trimmed.first, isMinusSign(first) { throw .negative(text: trimmed, kind: kind) }
        let components = try split(trimmed, kind: kind)
        guard kind == .duration || components.count == 1 else { throw .malformed(text: trimmed, kind: kind) }
        var total: Int128 = 0
        var previous: UnitFactor?
        for (number, unit) in components {
            guard !unit.isEmpty else { throw .missingUnit(text: trimmed, kind: kind) }
            let factor = try factor(of: unit, kind: kind, bareMassPerDay: bareMassPerDay, text: trimmed)
            // `1h30min`, never `30min1h` or `1h1h`: each part a smaller unit than the one before.
            if let previous, factor.numerator * previous.denominator >= previous.numerator * factor.denominator {
                throw .malformed(text: trimmed, kind: kind)
            }
            previous = factor
            guard let value = number.converted(by: factor) else { throw .notExact(text: trimmed, kind: kind) }
            total += value
            guard total <= Int128(Int64.max) else { throw .tooLarge(text: trimmed, kind: kind) }
        }
        return Int64(total)
    }

    /// Splits `1h30min` into (1, "h"), (30, "min"); units are lower-cased, spaces around them removed.
    private static func split(_ text: String, kind: QuantityKind) throws(QuantityParseError) -> [(DecimalLiteral, String)] {
        var components: [(DecimalLiteral, String)] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let numberText = rest.prefix { DecimalLiteral.isDigit($0) || $0 == "." }
            guard let number = DecimalLiteral(numberText) else {
                if numberText.count > DecimalLiteral.maximumDigits { throw .tooLarge(text: text, kind: kind) }
                throw .malformed(text: text, kind: kind)
            }
            rest = rest.dropFirst(numberText.count)
            let unitText = rest.prefix { !(DecimalLiteral.isDigit($0) || $0 == ".") }
            rest = rest.dropFirst(unitText.count)
            guard let unit = unitSpelling(unitText) else { throw .malformed(text: text, kind: kind) }
            components.append((number, unit))
        }
        return components
    }

    /// A unit as the tables spell it: lowercased, without the spaces that may stand between number
    /// and unit and around `/` (`500 ug / day`); nil for a space inside a unit (`5 u g`).
    static func unitSpelling(_ text: Substring) -> String? {
        // Appended by hand: `joined(separator:)` runs unspecialised, looking its witnesses up at every call.
        var unit = ""
        for (index, part) in text.trimmingSpaces.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            unit += (index > 0 ? "/" : "") + part.trimmingSpaces
        }
        unit = unit.lowercased()
        return unit.contains(" " as Character) ? nil : unit
    }

    private static func factor(of unit: String, kind: QuantityKind, bareMassPerDay: Bool, text: String) throws(QuantityParseError) -> UnitFactor {
        let found: UnitFactor?
        switch kind {
        case .mass: found = UnitFactor.mass[unit]
        case .dailyMass, .hourlyMass:
            let parts = unit.split(separator: "/", omittingEmptySubsequences: false)
            found = UnitFactor.mass[String(parts[0])]
            if parts.count == 2, found != nil, let per = UnitFactor.time[String(parts[1])] {
                // The limit's own period only: 25ug/h is not a daily limit, whatever it multiplies to.
                guard per == kind.period else { throw .wrongPeriod(text: text, kind: kind) }
            } else if parts.count != 1 {
                throw .unknownUnit(unit: unit, kind: kind)
            }
        case .volumeRate:
            // pL/day = (nL per written volume × 1000) / (s per written time) × 86 400.
            found = compound(unit, UnitFactor.volume, UnitFactor.time).map { $0.times(86_400_000) }
        case .volume: found = UnitFactor.volume[unit]
        case .stepVolume: found = UnitFactor.volume[unit]?.times(1_000)
        case .duration: found = UnitFactor.time[unit]
        case .concentration, .density:
            // µg/mL equals ng/µL: (ng per written mass) / (nL per written volume) × 1000.
            found = compound(unit, UnitFactor.mass, UnitFactor.volume).map { $0.times(1_000) }
        case .weighedMass: found = UnitFactor.mass[unit]?.divided(by: UnitFactor(1_000))
        case .doseRate:
            found = bareMassPerDay && !unit.contains("/")
                ? UnitFactor.mass[unit]
                : compound(unit, UnitFactor.mass, UnitFactor.time).map { $0.times(86_400) }
        }
        guard let found else { throw .unknownUnit(unit: unit, kind: kind) }
        return found
    }

    private static func compound(_ unit: String, _ upper: [String: UnitFactor], _ lower: [String: UnitFactor]) -> UnitFactor? {
        let parts = unit.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let top = upper[String(parts[0])], let bottom = lower[String(parts[1])] else { return nil }
        return top.divided(by: bottom)
    }
}
