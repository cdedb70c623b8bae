import PumpBalance
/// A deviation relative to an expected amount, kept as an exact fraction: (measured − expected) /
/// expected.
///
/// The trumpet curve is computed in integers (nanolitres, nanoseconds, picolitres per day), so
/// every deviation is a ratio of two integers. It stays exact for comparisons and for the text in
/// tables; `percent` turns it into a Double only for plotting or display.
public struct RelativeDeviation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Measured minus expected, in the caller's unit (any unit, shared with `denominator`).
    let numerator: Int128
    /// The expected amount, in the same unit. Always positive.
    let denominator: Int128

    /// `numerator / denominator`; `denominator` must be positive.
    init(numerator: Int128, denominator: Int128) {
        precondition(denominator > 0, "a relative deviation is relative to a positive amount")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The deviation of `measured` from `expected` (positive), both in whole units of one kind.
    public init(measured: Int64, expected: Int64) {
        self.init(numerator: Int128(measured) - Int128(expected), denominator: Int128(expected))
    }

    public static let zero = RelativeDeviation(numerator: 0, denominator: 1)

    /// The deviation in percent (rounded to the nearest Double).
    public var percent: Double { Double(numerator) / Double(denominator) * 100 }

    /// The same fraction without its sign.
    public var magnitude: RelativeDeviation {
        RelativeDeviation(numerator: numerator < 0 ? -numerator : numerator, denominator: denominator)
    }

    /// Whether this deviation, in either direction, is at most `limit` (compared exactly).
    public func isWithin(_ limit: RelativeDeviation) -> Bool { magnitude <= limit.magnitude }

    /// The percentage as decimal text with `decimals` places, rounded half away from zero from the
    /// exact fraction, with an explicit sign unless it shows as zero: `+0.050`, `-28.000`, `0.000`.
    public func percentText(decimals: Int = 3) -> String {
        ExactDecimalText.ratio(numerator, denominator, timesPowerOfTen: 2, decimals: decimals, explicitPlus: true)
    }

    public static func < (lhs: RelativeDeviation, rhs: RelativeDeviation) -> Bool {
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return left.high != right.high ? left.high < right.high : left.low < right.low
    }

    public static func == (lhs: RelativeDeviation, rhs: RelativeDeviation) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    public func hash(into hasher: inout Hasher) {
        let divisor = Self.gcd(numerator.magnitude, denominator.magnitude)
        hasher.combine(numerator / Int128(divisor))
        hasher.combine(denominator / Int128(divisor))
    }

    private static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// `+12.345 %`
    public var description: String { "\(percentText()) %" }
}
