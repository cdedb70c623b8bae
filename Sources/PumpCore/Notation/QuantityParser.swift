/// Turns quantities as people write them (`500ug`, `0.5mg`, `2mg/ml`, `1h30min`) into the exact
/// integers the daemon counts in (ng, nL, pL, µg/mL, ng/day, s).
///
/// Arithmetic is exact decimal, never floating point: a value that is not a whole number of the
/// wire unit (`0.0001nl`) is rejected, never rounded. Units are case-insensitive (`mL`, `ml`),
/// `µ`, `μ` and `u` all mean micro, and a space may stand between number and unit. A number
/// without a unit is rejected: pumpctl never guesses one.
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

    /// Duration in whole seconds: `30s`, `10min`, `2h`, `1d`, `1h30min`, `1 h 20 min`.
    public static func duration(_ text: String) throws(QuantityParseError) -> Int64 { try parse(text, as: .duration) }

    /// Parses `text` as a quantity of `kind` and returns it in the kind's wire unit.
    public static func parse(_ text: String, as kind: QuantityKind) throws(QuantityParseError) -> Int64 {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw .empty(kind) }
        if trimmed.hasPrefix("-") { throw .negative(text: trimmed, kind: kind) }
        let components = try split(trimmed, kind: kind)
        guard kind == .duration || components.count == 1 else { throw .malformed(text: trimmed, kind: kind) }
        var total: Int128 = 0
        for (number, unit) in components {
            guard !unit.isEmpty else { throw .missingUnit(text: trimmed, kind: kind) }
            let factor = try factor(of: unit, kind: kind)
            guard let value = number.converted(by: factor) else { throw .notExact(text: trimmed, kind: kind) }
            total += value
            guard total <= Int128(Int64.max) else { throw .tooLarge(text: trimmed, kind: kind) }
        }
        return Int64(total)
    }

    /// Splits `1h30min` into (1, "h"), (30, "min"); units are lower-cased with spaces removed.
    private static func split(_ text: String, kind: QuantityKind) throws(QuantityParseError) -> [(DecimalLiteral, String)] {
        var components: [(DecimalLiteral, String)] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let numberText = rest.prefix { $0.isASCII && ($0.isWholeNumber || $0 == ".") }
            guard let number = DecimalLiteral(numberText) else {
                if numberText.count > DecimalLiteral.maximumDigits { throw .tooLarge(text: text, kind: kind) }
                throw .malformed(text: text, kind: kind)
            }
            rest = rest.dropFirst(numberText.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isWholeNumber || $0 == ".")) }
            rest = rest.dropFirst(unitText.count)
            components.append((number, unitText.filter { $0 != " " }.lowercased()))
        }
        return components
    }

    private static func factor(of unit: String, kind: QuantityKind) throws(QuantityParseError) -> UnitFactor {
        let found: UnitFactor?
        switch kind {
        case .mass: found = UnitFactor.mass[unit]
        case .volume: found = UnitFactor.volume[unit]
        case .stepVolume: found = UnitFactor.volume[unit]?.times(1_000)
        case .duration: found = UnitFactor.time[unit]
        case .concentration:
            // µg/mL equals ng/µL: (ng per written mass) / (nL per written volume) × 1000.
            found = compound(unit, UnitFactor.mass, UnitFactor.volume).map { $0.times(1_000) }
        case .doseRate:
            found = compound(unit, UnitFactor.mass, UnitFactor.time).map { $0.times(86_400) }
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
