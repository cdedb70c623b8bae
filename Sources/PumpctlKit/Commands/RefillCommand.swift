import ArgumentParser
import PumpCore
import PumpWire
import Varlink
import VarlinkCodable

/// `pumpctl refill`: Refill.
struct RefillCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "refill",
        abstract: "Record a refill: the new fill and what was withdrawn from the old one (clinician).",
        discussion: "pumpd compares the withdrawn volume with the remainder it predicted and raises an alarm when they differ by more than its tolerance.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The volume filled, e.g. 20ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var volume: Int64

    @Option(help: "The drug filled, e.g. baclofen.")
    var drug: String

    @Option(help: ArgumentHelp("Its concentration, e.g. 2000ug/ml.", valueName: "concentration"), transform: { try QuantityParser.concentration($0) })
    var concentration: Int64

    @Option(help: ArgumentHelp("The volume withdrawn from the old fill, e.g. 1.2ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var withdrawn: Int64

    func execute(_ context: CommandContext) throws {
        let reply = try context.call(
            "Refill", ["volume": .integer(volume), "drug": WireCoding.encode(Drug(name: drug, concentration: Concentration(microgramsPerMillilitre: concentration))), "withdrawn": .integer(withdrawn)])
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
}
