import PumpBalance
import PumpCore

/// The classic trumpet plot of a `TrumpetCurve`, as a self-contained SVG document (no scripts,
/// no external fonts or images).
///
/// The x axis is the observation window P in minutes, the y axis the deviation from the set rate
/// in percent, symmetric about zero. It shows Ep(max) and Ep(min) joined through the windows (the
/// "trumpet"), the ± quantisation limit as dashed curves (the limit falls as 1/P, so it is drawn
/// as a curve through every P, not just the measured ones), the zero line, and the overall error
/// A as a dash-dotted horizontal line. Points outside the limit are ringed. The title names the
/// rate and the rig; the legend, right of the plot, names every line and gives the verdict.
///
/// Elements carry ids for tools and tests: `ep-max`, `ep-min`, `limit-upper`, `limit-lower`,
/// `zero-line`, `overall-error`, `legend`.
public struct TrumpetPlotSVG: Sendable {
    /// The document size in CSS pixels.
    public var width: Int
    public var height: Int

    public init(width: Int = 900, height: Int = 560) {
        self.width = width
        self.height = height
    }

    static let maxColour = "#c0392b"
    static let minColour = "#1f5fa8"
    static let limitColour = "#6b6b6b"
    static let overallColour = "#1e8449"
    static let outsideColour = "#e67e22"
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// The SVG text of `curve`, measured on `rig`.
    public func render(_ curve: TrumpetCurve, rig: String) -> String {
        let frame = (left: 78.0, top: 84.0, right: Double(width) - 246, bottom: Double(height) - 62)
        let minutes = curve.points.map { Double($0.window.nanoseconds) / 60e9 }
        let limitAt = { (p: Double) in Self.limitPercent(curve, minutes: p) }
        let largest = ([limitAt(minutes.first ?? 1), abs(curve.overallPercent)] + curve.points.flatMap { [abs($0.maximumPercent), abs($0.minimumPercent)] }).max() ?? 1
        let xAxis = PlotAxis.fromZero(covering: minutes.last ?? 1, ticks: 7)
        let yAxis = PlotAxis.symmetric(covering: largest, ticks: 4)
        let x = { (p: Double) in xAxis.position(p, from: frame.left, to: frame.right) }
        let y = { (v: Double) in yAxis.position(v, from: frame.bottom, to: frame.top) }
        let n = SVGText.number

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="\(Self.font)">
            <rect width="100%" height="100%" fill="#ffffff"/>

            """
        // Title and subtitle.
        let title = "Trumpet curve — \(QuantityFormatter.flow(picolitresPerDay: curve.rate.picolitresPerDay)) on \(rig)"
        svg += "<text x=\"\(n(frame.left))\" y=\"30\" font-size=\"19\" font-weight=\"bold\" fill=\"#222\">\(XMLText.escaped(title))</text>\n"
        let configuration = curve.configuration
        let subtitle =
            "IEC 60601-2-24 method · analysis \(Self.minutesText(configuration.analysisStart))–\(Self.minutesText(configuration.analysisEnd)) min"
            + " · Δt = \(configuration.sampleInterval) · step \(QuantityFormatter.stepVolume(picolitres: curve.quantisation.stepVolume.picolitres))"
            + (curve.quantisation.measurementResolution == .zero ? "" : " + \(curve.quantisation.measurementResolution) resolution")
        svg += "<text x=\"\(n(frame.left))\" y=\"54\" font-size=\"13\" fill=\"#555\">\(XMLText.escaped(subtitle))</text>\n"

        // The band the quantisation limit allows, lightly shaded, under everything else.
        let limitSamples = minutes.first.flatMap { first in minutes.last.map { last in (0...96).map { first + (last - first) * Double($0) / 96 } } } ?? []
        if !limitSamples.isEmpty {
            let upper = limitSamples.map { "\(n(x($0))),\(n(y(limitAt($0))))" }
            let lower = limitSamples.reversed().map { "\(n(x($0))),\(n(y(-limitAt($0))))" }
            svg += "<polygon id=\"limit-band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(Self.overallColour)\" fill-opacity=\"0.07\" stroke=\"none\"/>\n"
        }
        // Grid, ticks and tick labels.
        svg += "<g id=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n"
        for tick in xAxis.ticks { svg += "<line x1=\"\(n(x(tick)))\" y1=\"\(n(frame.top))\" x2=\"\(n(x(tick)))\" y2=\"\(n(frame.bottom))\"/>\n" }
        for tick in yAxis.ticks { svg += "<line x1=\"\(n(frame.left))\" y1=\"\(n(y(tick)))\" x2=\"\(n(frame.right))\" y2=\"\(n(y(tick)))\"/>\n" }
        svg += "</g>\n<g id=\"x-ticks\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\">\n"
        for tick in xAxis.ticks {
            svg += "<line x1=\"\(n(x(tick)))\" y1=\"\(n(frame.bottom))\" x2=\"\(n(x(tick)))\" y2=\"\(n(frame.bottom + 5))\" stroke=\"#333\"/>"
            svg += "<text x=\"\(n(x(tick)))\" y=\"\(n(frame.bottom + 19))\">\(Self.tickText(tick, decimals: xAxis.decimals, signed: false))</text>\n"
        }
        svg += "</g>\n<g id=\"y-ticks\" font-size=\"12\" fill=\"#333\" text-anchor=\"end\">\n"
        for tick in yAxis.ticks {
            svg += "<line x1=\"\(n(frame.left - 5))\" y1=\"\(n(y(tick)))\" x2=\"\(n(frame.left))\" y2=\"\(n(y(tick)))\" stroke=\"#333\"/>"
            svg += "<text x=\"\(n(frame.left - 8))\" y=\"\(n(y(tick) + 4))\">\(Self.tickText(tick, decimals: yAxis.decimals, signed: true))</text>\n"
        }
        svg += "</g>\n"
        svg += "<text x=\"\(n((frame.left + frame.right) / 2))\" y=\"\(n(frame.bottom + 44))\" font-size=\"13\" fill=\"#222\" text-anchor=\"middle\">Observation window P (min)</text>\n"
        svg += "<text transform=\"translate(22 \(n((frame.top + frame.bottom) / 2))) rotate(-90)\" font-size=\"13\" fill=\"#222\" text-anchor=\"middle\">Deviation from the set rate (%)</text>\n"

        // Quantisation limit: ±(s + q)/(r·P), a curve in P, dashed.
        if !limitSamples.isEmpty {
            for (id, sign) in [("limit-upper", 1.0), ("limit-lower", -1.0)] {
                let points = limitSamples.map { "\(n(x($0))),\(n(y(sign * limitAt($0))))" }.joined(separator: " ")
                svg += "<polyline id=\"\(id)\" points=\"\(points)\" fill=\"none\" stroke=\"\(Self.limitColour)\" stroke-width=\"1.6\" stroke-dasharray=\"7 5\"/>\n"
            }
        }
        // Zero line and overall error.
        svg += "<line id=\"zero-line\" x1=\"\(n(frame.left))\" y1=\"\(n(y(0)))\" x2=\"\(n(frame.right))\" y2=\"\(n(y(0)))\" stroke=\"#222\" stroke-width=\"1.2\"/>\n"
        svg += "<line id=\"overall-error\" x1=\"\(n(frame.left))\" y1=\"\(n(y(curve.overallPercent)))\" x2=\"\(n(frame.right))\" y2=\"\(n(y(curve.overallPercent)))\" stroke=\"\(Self.overallColour)\" stroke-width=\"1.6\" stroke-dasharray=\"10 4 2 4\"/>\n"

        // The trumpet: Ep(max) above, Ep(min) below, each point labelled on its outer side.
        for (id, colour, values, above) in [
            ("ep-max", Self.maxColour, curve.points.map(\.maximum), true), ("ep-min", Self.minColour, curve.points.map(\.minimum), false),
        ] {
            let coordinates = zip(minutes, values).map { (x($0), y($1.percent)) }
            svg += "<g id=\"\(id)\" fill=\"\(colour)\">\n"
            svg += "<polyline points=\"\(coordinates.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>\n"
            for (px, py) in coordinates { svg += "<circle cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"4\"/>\n" }
            // Labels with a white halo, so a line passing behind one does not hide it.
            svg += "<g font-size=\"11\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n"
            for ((px, py), value) in zip(coordinates, values) {
                svg += "<text x=\"\(n(px + 6))\" y=\"\(n(above ? py - 8 : py + 17))\">\(Self.shortPercent(value))</text>\n"
            }
            svg += "</g>\n</g>\n"
        }
        // Rings around points outside the limit.
        let outside = curve.points.enumerated().flatMap { index, point in
            [point.maximum, point.minimum].filter { !$0.isWithin(point.quantisationLimit) }.map { (minutes[index], $0.percent) }
        }
        if !outside.isEmpty {
            svg += "<g id=\"outside-limit\" fill=\"none\" stroke=\"\(Self.outsideColour)\" stroke-width=\"2.2\">\n"
            for (p, value) in outside { svg += "<circle cx=\"\(n(x(p)))\" cy=\"\(n(y(value)))\" r=\"8\"/>\n" }
            svg += "</g>\n"
        }
        svg += "<rect x=\"\(n(frame.left))\" y=\"\(n(frame.top))\" width=\"\(n(frame.right - frame.left))\" height=\"\(n(frame.bottom - frame.top))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>\n"
        svg += legend(curve, at: (frame.right + 24, frame.top), hasOutside: !outside.isEmpty)
        svg += "</svg>\n"
        return svg
    }

    /// The legend: one row per line, then A and the verdict.
    private func legend(_ curve: TrumpetCurve, at origin: (x: Double, y: Double), hasOutside: Bool) -> String {
        let n = SVGText.number
        var rows: [(swatch: String, label: String)] = [
            ("<line x1=\"0\" y1=\"0\" x2=\"26\" y2=\"0\" stroke=\"\(Self.maxColour)\" stroke-width=\"2.2\"/><circle cx=\"13\" cy=\"0\" r=\"4\" fill=\"\(Self.maxColour)\"/>", "Ep(max)"),
            ("<line x1=\"0\" y1=\"0\" x2=\"26\" y2=\"0\" stroke=\"\(Self.minColour)\" stroke-width=\"2.2\"/><circle cx=\"13\" cy=\"0\" r=\"4\" fill=\"\(Self.minColour)\"/>", "Ep(min)"),
            ("<line x1=\"0\" y1=\"0\" x2=\"26\" y2=\"0\" stroke=\"\(Self.limitColour)\" stroke-width=\"1.6\" stroke-dasharray=\"7 5\"/>", "± quantisation limit"),
            ("<line x1=\"0\" y1=\"0\" x2=\"26\" y2=\"0\" stroke=\"\(Self.overallColour)\" stroke-width=\"1.6\" stroke-dasharray=\"10 4 2 4\"/>", "overall error A = \(Self.shortPercent(curve.overall)) %"),
            ("<line x1=\"0\" y1=\"0\" x2=\"26\" y2=\"0\" stroke=\"#222\" stroke-width=\"1.2\"/>", "zero"),
        ]
        if hasOutside {
            rows.append(("<circle cx=\"13\" cy=\"0\" r=\"7\" fill=\"none\" stroke=\"\(Self.outsideColour)\" stroke-width=\"2.2\"/>", "outside the limit"))
        }
        var svg = "<g id=\"legend\" transform=\"translate(\(n(origin.x)) \(n(origin.y)))\" font-size=\"13\" fill=\"#222\">\n"
        for (index, row) in rows.enumerated() {
            let rowY = 12 + Double(index) * 24
            svg += "<g transform=\"translate(0 \(n(rowY)))\">\(row.swatch)<text x=\"34\" y=\"4.5\">\(XMLText.escaped(row.label))</text></g>\n"
        }
        let verdictY = 12 + Double(rows.count) * 24 + 14
        let (mark, colour, line1, line2) =
            curve.withinQuantisationLimit
            ? ("✔", Self.overallColour, "within the limit", "at every window")
            : ("✘", Self.maxColour, "outside the limit", "see the ringed points")
        svg += "<text x=\"0\" y=\"\(n(verdictY))\" font-weight=\"bold\" fill=\"\(colour)\">\(mark) \(line1)</text>\n"
        svg += "<text x=\"17\" y=\"\(n(verdictY + 18))\" fill=\"\(colour)\">\(line2)</text>\n"
        svg += "</g>\n"
        return svg
    }

    /// ±(s + q)/(r·P) in percent for a window of `minutes`.
    static func limitPercent(_ curve: TrumpetCurve, minutes: Double) -> Double {
        let explained = Double(curve.quantisation.explainedPicolitres)
        let perMinute = Double(curve.rate.picolitresPerDay) / 1_440
        return explained / (perMinute * minutes) * 100
    }

    /// A deviation for a label: three significant digits (at most four places), a typographic
    /// minus, and a plain `0` for zero.
    static func shortPercent(_ value: RelativeDeviation) -> String {
        var decimals = 4
        var bound = 0.01
        while decimals > 0, abs(value.percent) >= bound * 9.9995 {
            decimals -= 1
            bound *= 10
        }
        let text = value.percentText(decimals: decimals)
        return text.allSatisfy { $0 == "0" || $0 == "." } ? "0" : text.replacing("-", with: "−")
    }

    static func tickText(_ value: Double, decimals: Int, signed: Bool) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let text = ExactDecimalText.ratio(Int128(Int64((value * scale).rounded())), Int128(Int64(scale)), decimals: decimals, explicitPlus: signed)
        return text.replacing("-", with: "−")
    }

    static func minutesText(_ span: TimeSpan) -> String { TrumpetCurveCSV.minutes(span.nanoseconds) }
}
