/// An exact decimal read from a sysfs attribute (an IIO `_scale` or `_offset`), held as a reduced
/// fraction so that raw × scale never goes through floating point.
///
/// Accepts what the kernel prints: an optional sign, digits, an optional point and fraction digits
/// (`"0.000610351"`, `"-2048"`, `"1.5"`). At most 18 digits on either side of the point; no
/// exponent.
struct SysfsDecimal: Hashable, Sendable {
    /// Numerator of the reduced fraction; carries the sign.
    var numerator: Int128
    /// Denominator of the reduced fraction, a positive power-of-ten divisor.
    var denominator: Int128

    static let one = SysfsDecimal(numerator: 1, denominator: 1)
    static let zero = SysfsDecimal(numerator: 0, denominator: 1)

    init(numerator: Int128, denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Nil when `text` (already trimmed) is not a plain decimal number.
    init?(_ text: Substring) {
        var rest = text[...]
        var negative = false
        if let first = rest.first, first == "-" || first == "+" {
            negative = first == "-"
            rest = rest.dropFirst()
        }
        let integerDigits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(integerDigits.count)
        var fractionDigits: Substring = ""
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fractionDigits.count)
        }
        guard rest.isEmpty, !(integerDigits.isEmpty && fractionDigits.isEmpty),
            integerDigits.count <= 18, fractionDigits.count <= 18
        else { return nil }
        var value: Int128 = 0
        var denominator: Int128 = 1
        for character in integerDigits { value = value * 10 + Int128(character.wholeNumberValue!) }
        for character in fractionDigits {
            value = value * 10 + Int128(character.wholeNumberValue!)
            denominator *= 10
        }
        var a = value, b = denominator
        while b != 0 { (a, b) = (b, a % b) }
        self.numerator = negative ? -(value / a) : value / a
        self.denominator = denominator / a
    }
}
