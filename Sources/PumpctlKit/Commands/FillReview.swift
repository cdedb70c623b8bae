import PumpCore
import PumpWire

/// The review of a refill or first fill as pumpd sends it: old and new for every setting, the
/// bridge, and the program the pump will run.
enum FillReview {
    static func show(_ review: Reply, on console: Console, palette: Palette) throws {
        if let program = try review.optional("newProgram", as: Prescription.self) {
            console.line("program with the new fill:")
            PrescriptionReport(program).lines.forEach(console.line)
        }
        let rows = try review.optional("comparison", as: [WireComparisonRow].self) ?? []
        if !rows.isEmpty {
            console.line("review, now against after the fill:")
            ComparisonTable(rows: rows, palette: palette).lines.forEach { console.line("  " + $0) }
        }
        if let bridge = try review.optional("bridge", as: WireBridge.self) {
            console.line("bridge: \(bridge.text)")
        }
    }
}
