/// Formats scaled integers as fixed-point decimal text without going through floating point,
/// so a displayed value is exactly the stored one, rounded half away from zero at the shown decimals.
enum DecimalText {
    static func fixed(_ value: Int64, scale: Int64, decimals: Int) -> String {
        var unit: Int64 = 1
        for _ in 0..<decimals { unit *= 10 }
        let scaled = WideArithmetic.multiplyDivide(abs(value), unit * 2, scale)
        let rounded = (scaled + 1) / 2
        let whole = rounded / unit
        let fraction = rounded % unit
        var fractionText = String(fraction)
        while fractionText.count < decimals { fractionText = "0" + fractionText }
        let sign = value < 0 && rounded != 0 ? "-" : ""
        return decimals == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
    }
}
