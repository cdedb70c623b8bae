/// Formats scaled integers as fixed-point decimal text without going through floating point,
/// so a displayed value is exactly the stored one, rounded half away from zero at the shown decimals.
enum DecimalText {
    /// Defined for every Int64: the arithmetic runs on the magnitude in 128 bits, because refusals
    /// quote the values a client sent, and `abs(Int64.min)` or a value above Int64.max / 2 scaled
    /// by 10^decimals × 2 would otherwise trap while the refusal is being worded.
    static func fixed(_ value: Int64, scale: Int64, decimals: Int) -> String {
        var unit: UInt128 = 1
        for _ in 0..<decimals { unit *= 10 }
        let scaled = UInt128(value.magnitude) * unit * 2 / UInt128(scale)
        let rounded = (scaled + 1) / 2
        let whole = rounded / unit
        let fraction = rounded % unit
        var fractionText = String(fraction)
        while fractionText.count < decimals { fractionText = "0" + fractionText }
        let sign = value < 0 && rounded != 0 ? "-" : ""
        return decimals == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
    }
}
