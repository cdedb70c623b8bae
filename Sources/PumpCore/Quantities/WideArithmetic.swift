/// Exact integer helpers that go through 128 bits so that products such as
/// rate × elapsed-nanoseconds never overflow before the division.
public enum WideArithmetic {
    /// `a × b / c`, rounded toward negative infinity. Traps if the quotient does not fit 64 bits.
    @inlinable public static func multiplyDivide(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let numerator = Int128(a) * Int128(b)
        return Int64(floorDivide(numerator, Int128(c)))
    }

    /// `a × b / c`, rounded toward positive infinity.
    @inlinable public static func multiplyDivideRoundingUp(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let numerator = Int128(a) * Int128(b)
        return Int64(-floorDivide(-numerator, Int128(c)))
    }

    /// Division rounded toward negative infinity (Swift's `/` truncates toward zero).
    @inlinable public static func floorDivide(_ a: Int128, _ b: Int128) -> Int128 {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return (r != 0 && (r < 0) != (b < 0)) ? q - 1 : q
    }

    /// Division rounded toward positive infinity.
    @inlinable public static func ceilDivide(_ a: Int128, _ b: Int128) -> Int128 {
        -floorDivide(-a, b)
    }
}
