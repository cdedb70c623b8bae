/// Decimal text from exact integers, without floating point: what the tables print is the exact
/// value rounded once, half away from zero.
package enum ExactDecimalText {
    /// `numerator / denominator × 10^power` with `decimals` places. Long division on the
    /// magnitudes, so no intermediate product can overflow whatever the inputs.
    ///
    /// - Parameters:
    ///   - denominator: positive.
    ///   - timesPowerOfTen: 2 turns a fraction into percent.
    ///   - explicitPlus: write `+` before a positive value (never before one that shows as zero).
    package static func ratio(
        _ numerator: Int128, _ denominator: Int128, timesPowerOfTen power: Int = 0, decimals: Int, explicitPlus: Bool = false
    ) -> String {
        precondition(denominator > 0 && power >= 0 && decimals >= 0)
        let divisor = denominator.magnitude
        let (whole, remainderStart) = numerator.magnitude.quotientAndRemainder(dividingBy: divisor)
        // Digits after the point of |numerator| / denominator: `power` of them move in front of the
        // point, `decimals` stay after it, and one more decides the rounding.
        var digits: [UInt8] = []
        var remainder = remainderStart
        for _ in 0..<(power + decimals + 1) {
            let (digit, rest) = (remainder * 10).quotientAndRemainder(dividingBy: divisor)
            digits.append(UInt8(digit))
            remainder = rest
        }
        let roundUp = digits.removeLast() >= 5
        var text = Array(String(whole).utf8).map { $0 - UInt8(ascii: "0") } + digits
        if roundUp {
            var index = text.count - 1
            while index >= 0 {
                if text[index] == 9 {
                    text[index] = 0
                    index -= 1
                } else {
                    text[index] += 1
                    break
                }
            }
            if index < 0 { text.insert(1, at: 0) }
        }
        let pointAt = text.count - decimals
        var integerPart = text[..<pointAt].drop { $0 == 0 }.map { Character(String($0)) }
        if integerPart.isEmpty { integerPart = ["0"] }
        let fractionPart = text[pointAt...].map { Character(String($0)) }
        let isZero = text.allSatisfy { $0 == 0 }
        let sign = isZero ? "" : numerator < 0 ? "-" : explicitPlus ? "+" : ""
        return sign + String(integerPart) + (decimals > 0 ? "." + String(fractionPart) : "")
    }

    /// A Double with `decimals` places for drawing coordinates (finite values only; nothing here
    /// is a measurement).
    package static func coordinate(_ value: Double, decimals: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "0" }
        let integer = Int64(scaled)
        return ratio(Int128(integer), Int128(Int64(scale)), decimals: decimals)
    }

    /// Trailing zeros after the point dropped: `10.000` → `10`, `0.2500` → `0.25`.
    package static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.last == "0" { result = result.dropLast() }
        if result.last == "." { result = result.dropLast() }
        return String(result)
    }
}
