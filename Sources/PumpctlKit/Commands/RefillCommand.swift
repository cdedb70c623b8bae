import ArgumentParser
import PumpCore
import PumpWire
import Varlink
import VarlinkCodable

/// `pumpctl refill`: ValidateRefill, the review, the question, CommitRefill.
struct RefillCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "refill",
        abstract: "Review a refill, then record it when you confirm: the new fill and what was withdrawn from the old one (clinician).",
        discussion: """
            pumpd first reviews the refill without changing anything: old and new drug, concentration, volume, \
            the bridge a new concentration starts, and the low and empty dates. A warning (e.g. \
            concentration-changed) must be accepted by its code with --accept; --yes alone never accepts one. \
            pumpd compares the withdrawn volume with the remainder it predicted and raises an alarm when they \
            differ by more than its tolerance.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The volume filled, e.g. 20ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var volume: Int64

    @Option(help: "The drug filled, e.g. baclofen.")
    var drug: String

    @Option(help: ArgumentHelp("Its concentration, e.g. 2000ug/ml.", valueName: "concentration"), transform: { try QuantityParser.concentration($0) })
    var concentration: Int64

    @Option(help: ArgumentHelp("The volume withdrawn from the old fill, e.g. 1.2ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var withdrawn: Int64

    @Option(help: ArgumentHelp("Warning codes the review raised that you accept, comma-separated.", valueName: "codes"))
    var accept: String?

    @Option(help: "Why a drug-library soft limit is overridden (recorded with you).")
    var overrideReason: String?

    @Flag(help: "Record without asking (for scripts); accepts no warning by itself.")
    var yes = false

    func execute(_ context: CommandContext) throws {
        let refill = WireCoding.encode(WireRefill(
            volume: volume, drug: Drug(name: drug, concentration: Concentration(microgramsPerMillilitre: concentration)), withdrawn: withdrawn))
        let review = try context.call("ValidateRefill", ["refill": refill])
        let token = try review.required("token", as: String.self)
        if context.json {
            context.emitJSON(review.parameters)
        } else {
            try show(review, on: context.console, palette: context.palette)
        }
        try Confirmation(assumeYes: yes).require(
            "Record this refill?", on: context.console, declinedMessage: "Not recorded: the reservoir and the program are unchanged.")
        var parameters: JSONObject = ["refill": refill, "token": .string(token)]
        if let accept {
            parameters["acceptWarnings"] = .array(accept.split(separator: ",").map { JSONValue.string($0.trimmingSpaces) })
        }
        if let overrideReason { parameters["overrideReason"] = .string(overrideReason) }
        let reply = try context.call("CommitRefill", parameters)
        if context.json { return context.emitJSON(reply.parameters) }
        let result = try reply.required("result", as: WireRefillResult.self)
        let console = context.console
        console.line("refilled: \(result.reservoir.text)")
        let signed = result.discrepancy > 0 ? "+" : ""
        console.line(
            "withdrawn \(QuantityFormatter.volume(nanolitres: result.withdrawn)), expected \(QuantityFormatter.volume(nanolitres: result.expectedRemaining)): "
                + "discrepancy \(signed)\(QuantityFormatter.volume(nanolitres: result.discrepancy)) (tolerance ±\(QuantityFormatter.volume(nanolitres: result.tolerance)))")
        if result.discrepancyExceedsTolerance {
            console.line("WARNING: the discrepancy exceeds the tolerance: check for a leak or a pocket fill; pumpd raised an alarm")
        }
        if result.bridging {
            console.line("bridging: the catheter still holds the old drug, which is delivered first")
        }
    }

    private func show(_ review: Reply, on console: Console, palette: Palette) throws {
        let rows = try review.required("comparison", as: [WireComparisonRow].self)
        console.line("review, the reservoir now against after the refill:")
        ComparisonTable(rows: rows, palette: palette).lines.forEach { console.line("  " + $0) }
        let warnings = try review.optional("warnings", as: [WireWarning].self) ?? []
        for warning in warnings { console.line("warning \(warning.code) (\(warning.field)): \(warning.message)") }
        if !warnings.isEmpty { console.line("accept them with --accept " + warnings.map(\.code).joined(separator: ",")) }
        let expiresIn = try review.required("expiresIn", as: Int64.self)
        console.line("this review is valid for \(QuantityFormatter.duration(seconds: expiresIn))")
    }
}
