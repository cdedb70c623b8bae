/// A non-negative decimal number as written, kept exact: `mantissa / 10^scale` (`0.25` is 25, 2).
struct DecimalLiteral: Hashable, Sendable {
    var mantissa: Int128
    var scale: Int

    /// Digits at most, so that scaling by any unit factor stays far inside 128 bits.
    static let maximumDigits = 20

    /// Parses `123`, `0.5` or `12.250`: ASCII digits with at most one point that has digits on
    /// both sides. Nil for anything else, including signs, exponents and too many digits.
    init?(_ text: Substring) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && fraction.isEmpty { return nil }
        // Both parts read in place: `whole + fraction` went through an unspecialised append.
        guard whole.count + fraction.count <= Self.maximumDigits, whole.allSatisfy(Self.isDigit), fraction.allSatisfy(Self.isDigit) else {
            return nil
        }
        var mantissa: Int128 = 0
        for digit in whole.utf8 { mantissa = mantissa * 10 + Int128(digit - UInt8(ascii: "0")) }
        for digit in fraction.utf8 { mantissa = mantissa * 10 + Int128(digit - UInt8(ascii: "0")) }
        self.mantissa = mantissa
        self.scale = fraction.count
    }

    /// An ASCII digit, as `isASCII && isWholeNumber` says (a "\r\n", ASCII as a character, is no
    /// digit either way), without the Unicode property lookup, which cost profile loading page faults.
    static func isDigit(_ character: Character) -> Bool {
        character.asciiValue.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false
    }

    /// `self × factor` in whole wire units, or nil when that is not a whole number.
    func converted(by factor: UnitFactor) -> Int128? {
        var denominator = factor.denominator
        for _ in 0..<scale { denominator *= 10 }
        let (quotient, remainder) = (mantissa * factor.numerator).quotientAndRemainder(dividingBy: denominator)
        return remainder == 0 ? quotient : nil
    }
}
