import ArgumentParser
import PumpCore
import PumpWire
import Varlink
import VarlinkCodable

/// `pumpctl refill`: the role, ValidateRefill, its review (rows, bridge, new program, warnings),
/// the acceptance, CommitRefill.
struct RefillCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "refill",
        abstract: "Review and record a refill: the new fill and what was withdrawn from the old one (clinician).",
        discussion: """
            pumpd reviews the refill first (nothing changes): old and new for every setting, the bridge \
            (the old drug still in the catheter, delivered first, and when the volume rate changes), the \
            new low and empty dates, and its warnings. A new concentration makes a new program (the \
            previous one kept) with the same doses in µg/day unless --file gives the program; a drug \
            other than the active program's is refused unless --file gives its program. Warnings are \
            accepted as for pumpctl program (--accept, --override-reason, --confirm-daily-dose; --yes \
            never accepts one). After the commit pumpd compares the withdrawn volume with the remainder \
            it predicted and raises an alarm when they differ by more than its tolerance.

            Example:
              pumpctl refill --volume 20mL --drug baclofen --concentration 2000ug/mL --withdrawn 3.2mL
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup(title: "Fill") var fill: FillOptions

    @Option(help: ArgumentHelp("The volume withdrawn from the old fill, e.g. 1.2ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var withdrawn: Int64

    @Option(help: ArgumentHelp("The program to run with the new fill, as a prescription file (needed for another drug).", valueName: "path"))
    var file: String?

    @OptionGroup(title: "Accepting the review") var acceptance: AcceptanceOptions

    func execute(_ context: CommandContext) throws {
        var refill = fill.wire
        refill["withdrawn"] = .integer(withdrawn)
        if let file { refill["prescription"] = .object(try PrescriptionFile(path: file).object) }
        try RoleCheck.requireClinician(for: "a refill", in: context)
        let commit = ReviewedCommit(noun: "refill", unchanged: "the refill is not recorded", acceptance: acceptance)
        let reply = try commit.run(validate: "ValidateRefill", commit: "CommitRefill", ["refill": .object(refill)], in: context) { review in
            try FillReview.show(review, on: context.console, palette: context.palette)
        }
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
