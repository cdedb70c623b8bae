/// Parses decimal text into a scaled integer exactly: `"12.3456"` with 6 places is 12_345_600.
package enum ExactDecimal {
    package enum Failure: Error, Hashable {
        /// Not `[+|-]digits[.digits]`.
        case malformed
        /// Non-zero digits beyond the places the unit resolves.
        case tooManyDecimals(allowed: Int)
        /// The scaled value does not fit 64 bits.
        case outOfRange
    }

    /// `text` × 10^`decimals`. Accepts an optional sign, digits, and one decimal separator (`.`,
    /// or `,` too when `allowComma`) with digits on at least one side. Zeros beyond `decimals`
    /// places are exact and accepted; any other digit there is refused, never rounded away.
    package static func parse(_ text: Substring, decimals: Int, allowComma: Bool = false) throws(Failure) -> Int64 {
        var characters = text[...]
        var negative = false
        if let first = characters.first, first == "+" || first == "-" {
            negative = first == "-"
            characters = characters.dropFirst()
        }
        var value: Int64 = 0
        var places = 0
        var seenSeparator = false
        var digits = 0
        for character in characters {
            if character == "." || (allowComma && character == ",") {
                guard !seenSeparator else { throw .malformed }
                seenSeparator = true
                continue
            }
            guard let digit = character.wholeNumberValue, character.isASCII else { throw .malformed }
            digits += 1
            if seenSeparator {
                if places == decimals {
                    guard digit == 0 else { throw .tooManyDecimals(allowed: decimals) }
                    continue
                }
                places += 1
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflow, !overflow2 else { throw .outOfRange }
            value = sum
        }
        guard digits > 0 else { throw .malformed }
        for _ in places..<decimals {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .outOfRange }
            value = shifted
        }
        return negative ? -value : value
    }
}
