import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PumpCore
import PumpHIL
import Testing

@Suite struct TrumpetPlotSVGTests {
    /// Every element of a parsed document: name, attributes, and the text directly inside it.
    static func parse(_ svg: String) throws -> XMLElements { XMLElements.parse(svg) }

    static func curve(rate: VolumeRate) throws -> TrumpetCurve {
        let step = StepVolume.nanolitres(250)
        return try TrumpetCurve(samples: SteppedDelivery(rate: rate, step: step).samples(), rate: rate, quantisation: QuantisationLimit(stepVolume: step))
    }

    @Test func thePlotIsWellFormedXMLWithDashedLimitLines() throws {
        let svg = TrumpetPlotSVG().render(try Self.curve(rate: .microlitresPerDay(250)), rig: "sim")
        let document = try Self.parse(svg)
        #expect(document.elements.first?.name == "svg")
        #expect(document.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        for id in ["limit-upper", "limit-lower"] {
            let line = try #require(document.element(id: id), "\(id) is missing")
            #expect(line.name == "polyline")
            #expect(line.attributes["stroke-dasharray"] != nil, "\(id) is not dashed")
            #expect((line.attributes["points"] ?? "").split(separator: " ").count > 50, "\(id) is not drawn as a curve")
        }
        for id in ["ep-max", "ep-min", "zero-line", "overall-error", "legend", "limit-band"] {
            #expect(document.element(id: id) != nil, "\(id) is missing")
        }
        #expect(document.element(id: "outside-limit") == nil)
    }

    @Test func theLimitLinesMirrorEachOtherAboutTheZeroLine() throws {
        let document = try Self.parse(TrumpetPlotSVG().render(try Self.curve(rate: .millilitresPerHour(10)), rig: "sim"))
        let zeroText = try #require(document.element(id: "zero-line")?.attributes["y1"])
        let zero = try #require(Double(zeroText))
        func ys(_ id: String) throws -> [Double] {
            try #require(document.element(id: id)?.attributes["points"]).split(separator: " ").map { Double($0.split(separator: ",")[1])! }
        }
        for (upper, lower) in zip(try ys("limit-upper"), try ys("limit-lower")) {
            #expect(abs((zero - upper) - (lower - zero)) < 0.02)
            #expect(upper < zero)
        }
    }

    @Test func theTitleNamesTheRateAndTheRigEscaped() throws {
        let document = try Self.parse(TrumpetPlotSVG().render(try Self.curve(rate: .millilitresPerHour(10)), rig: "bench <A> & \"B\""))
        let texts = document.elements.filter { $0.name == "text" }.map(\.text)
        #expect(texts.contains("Trumpet curve — 10 mL/h on bench <A> & \"B\""))
        #expect(texts.contains { $0.contains("Observation window P (min)") })
        #expect(texts.contains { $0.contains("Deviation from the set rate (%)") })
    }

    @Test func aPlotHasOnePointAndOneLabelPerWindowOnEachCurve() throws {
        let document = try Self.parse(TrumpetPlotSVG().render(try Self.curve(rate: .microlitresPerDay(250)), rig: "sim"))
        let texts = document.elements.filter { $0.name == "text" }.map(\.text)
        #expect(document.elements.filter { $0.name == "circle" }.count == 10 + 2)  // 5 + 5 points, 2 legend markers
        for label in ["+44.0", "−28.0", "+2.19", "−2.45"] { #expect(texts.contains(label), "\(label)") }
        #expect(texts.contains("overall error A = +0.800 %"))
        #expect(texts.contains { $0.contains("within the limit") })
    }

    @Test func pointsOutsideTheLimitAreRingedAndTheVerdictSaysSo() throws {
        let delivery = ContinuousDelivery(rate: .millilitresPerHour(12), pauses: [(start: .minutes(80), length: .minutes(1))])
        let curve = try TrumpetCurve(samples: delivery.samples(), rate: .millilitresPerHour(12), quantisation: QuantisationLimit(stepVolume: .nanolitres(250)))
        let document = try Self.parse(TrumpetPlotSVG().render(curve, rig: "sim"))
        #expect(document.element(id: "outside-limit") != nil)
        #expect(document.elements.filter { $0.name == "text" }.contains { $0.text.contains("outside the limit") })
    }

    @Test func theYAxisIsSymmetricAndCoversTheLimitAtTheShortestWindow() throws {
        let document = try Self.parse(TrumpetPlotSVG().render(try Self.curve(rate: .microlitresPerDay(250)), rig: "sim"))
        let tickLabels = document.elements.filter { $0.name == "text" }.map(\.text).filter { $0.hasPrefix("+") || $0.hasPrefix("−") }
        #expect(tickLabels.contains("+80") && tickLabels.contains("−80"))
    }
}
