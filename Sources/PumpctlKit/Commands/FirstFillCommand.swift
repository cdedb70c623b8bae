import ArgumentParser
import PumpCore
import PumpWire
import Varlink
import VarlinkCodable

/// `pumpctl first-fill`: commissioning a pump never filled: the role, ValidateFirstFill, its
/// review, the acceptance, CommitFirstFill.
struct FirstFillCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "first-fill",
        abstract: "Review and record the first fill of a new pump: drug, concentration, volume, primed or not (clinician).",
        discussion: """
            Only for a pump never filled (pumpd refuses it otherwise). --primed records that the fluid \
            path arrives primed with this drug (e.g. filled and primed at the factory), so no priming \
            is needed before delivery. Reviewed and accepted as pumpctl program is.

            Example:
              pumpctl first-fill --volume 20mL --drug baclofen --concentration 2000ug/mL --primed
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The volume filled, e.g. 20ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var volume: Int64

    @Option(help: "The drug filled, e.g. baclofen.")
    var drug: String

    @Option(help: ArgumentHelp("Its concentration, e.g. 2000ug/ml.", valueName: "concentration"), transform: { try QuantityParser.concentration($0) })
    var concentration: Int64

    @Flag(help: "The fluid path arrives primed with this drug.")
    var primed = false

    @OptionGroup(title: "Accepting the review") var acceptance: AcceptanceOptions

    func execute(_ context: CommandContext) throws {
        let fill: JSONObject = [
            "volume": .integer(volume), "drug": WireCoding.encode(Drug(name: drug, concentration: Concentration(microgramsPerMillilitre: concentration))),
            "primed": .bool(primed),
        ]
        try RoleCheck.requireClinician(for: "a first fill", in: context)
        let commit = ReviewedCommit(noun: "first fill", unchanged: "the first fill is not recorded", acceptance: acceptance)
        let reply = try commit.run(validate: "ValidateFirstFill", commit: "CommitFirstFill", ["fill": .object(fill)], in: context) { review in
            try FillReview.show(review, on: context.console, palette: context.palette)
        }
        if context.json { return context.emitJSON(reply.parameters) }
        let status = try reply.optional("status", as: WireStatus.self)
        let reservoir = status.map { ": \($0.reservoir.text); the pump is \($0.modeText)" } ?? ""
        context.console.line("first fill recorded\(reservoir)\(primed ? " (path primed)" : "")")
    }
}
