import Foundation
import PumpCore
import PumpHIL
import Testing

/// Writes the sample plots and tables of the accuracy report when `PUMP_HIL_PLOT_DIR` names a
/// directory (`PUMP_HIL_PLOT_DIR=/tmp/plots swift test --filter SamplePlotWriter`), to look at
/// them; otherwise does nothing.
@Suite struct SamplePlotWriter {
    static let directory = ProcessInfo.processInfo.environment["PUMP_HIL_PLOT_DIR"]

    static func cases() throws -> [(name: String, curve: TrumpetCurve)] {
        let step = StepVolume.nanolitres(250)
        let limit = QuantisationLimit(stepVolume: step)
        let low = VolumeRate.microlitresPerDay(250)
        let bench = VolumeRate.millilitresPerHour(10)
        let paused = ContinuousDelivery(rate: .millilitresPerHour(12), pauses: [(start: .minutes(80), length: .minutes(1))])
        return [
            ("low-0.25-ml-per-day", try TrumpetCurve(samples: PlannerDelivery.samples(rate: low, step: step), rate: low, quantisation: limit)),
            ("bench-10-ml-per-h", try TrumpetCurve(samples: PlannerDelivery.samples(rate: bench, step: step), rate: bench, quantisation: limit)),
            ("paused-minute-12-ml-per-h", try TrumpetCurve(samples: paused.samples(), rate: .millilitresPerHour(12), quantisation: limit)),
        ]
    }

    @Test(.enabled(if: directory != nil)) func writesTheSamplePlots() throws {
        let directory = try #require(Self.directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, curve) in try Self.cases() {
            try TrumpetPlotSVG().render(curve, rig: "sim").write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
            try TrumpetCurveCSV.text(for: curve, rig: "sim").write(toFile: "\(directory)/\(name).csv", atomically: true, encoding: .utf8)
        }
    }
}
