/// A linear plot axis with "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ apart).
struct PlotAxis {
    /// The axis runs from `lower` to `upper`, with a tick every `step` from `lower`.
    var lower: Double
    var upper: Double
    var step: Double

    /// An axis from zero covering `maximum` with about `ticks` intervals; the last tick lies beyond
    /// `maximum` so no point sits on the frame.
    static func fromZero(covering maximum: Double, ticks: Int) -> PlotAxis {
        let step = niceStep(max(maximum, .leastNormalMagnitude) / Double(ticks))
        var upper = (maximum / step).rounded(.up) * step
        if upper <= maximum { upper += step }
        return PlotAxis(lower: 0, upper: upper, step: step)
    }

    /// An axis symmetric about zero covering ±`magnitude` with about `ticks` intervals each side,
    /// leaving a little room beyond the largest value.
    static func symmetric(covering magnitude: Double, ticks: Int) -> PlotAxis {
        let padded = max(magnitude * 1.08, .leastNormalMagnitude)
        let step = niceStep(padded / Double(ticks))
        let upper = (padded / step).rounded(.up) * step
        return PlotAxis(lower: -upper, upper: upper, step: step)
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ not below `rough`.
    static func niceStep(_ rough: Double) -> Double {
        var power = 1.0
        while power > rough { power /= 10 }
        while power * 10 <= rough { power *= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * power >= rough * (1 - 1e-12) { return factor * power }
        return 10 * power
    }

    /// The tick values from `lower` to `upper`.
    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// Decimal places that show every tick exactly (2.5 steps need one more than their power).
    var decimals: Int {
        var places = 0
        var scaled = step
        while places < 12, abs(scaled - scaled.rounded()) > 1e-9 * max(1, scaled) {
            scaled *= 10
            places += 1
        }
        return places
    }

    /// Where `value` falls between `from` (at `lower`) and `to` (at `upper`).
    func position(_ value: Double, from: Double, to: Double) -> Double {
        from + (value - lower) / (upper - lower) * (to - from)
    }
}
