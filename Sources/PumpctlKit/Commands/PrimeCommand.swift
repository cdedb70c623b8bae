import PumpCore
import ArgumentParser
import Varlink

/// `pumpctl prime`: Prime with `more`, followed to the end.
struct PrimeCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "prime",
        abstract: "Prime the fluid path and follow it (clinician).",
        discussion: "Without --volume pumpd primes the drug-free volume ahead of the catheter tip. Ctrl-C stops following, not priming.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The volume to prime, e.g. 150ul (default: the drug-free volume ahead of the tip).", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var volume: Int64?

    @Flag(help: "New drug-free tubing and catheter have been fitted.")
    var newPath = false

    func execute(_ context: CommandContext) throws {
        var parameters: JSONObject = ["newPath": .bool(newPath)]
        if let volume { parameters["volume"] = .integer(volume) }
        try TaskFollower(label: "priming").follow("Prime", parameters, in: context)
    }
}
