import ArgumentParser
import PumpCore
import PumpWire
import Varlink

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

    @OptionGroup(title: "Fill") var fill: FillOptions

    @Flag(help: "The fluid path arrives primed with this drug.")
    var primed = false

    @OptionGroup(title: "Accepting the review") var acceptance: AcceptanceOptions

    func execute(_ context: CommandContext) throws {
        var firstFill = fill.wire
        firstFill["primed"] = .bool(primed)
        try RoleCheck.requireClinician(for: "a first fill", in: context)
        let commit = ReviewedCommit(noun: "first fill", unchanged: "the first fill is not recorded", acceptance: acceptance)
        let reply = try commit.run(validate: "ValidateFirstFill", commit: "CommitFirstFill", ["fill": .object(firstFill)], in: context) { review in
            try FillReview.show(review, on: context.console, palette: context.palette)
        }
        if context.json { return context.emitJSON(reply.parameters) }
        let status = try reply.optional("status", as: WireStatus.self)
        let reservoir = status.map { ": \($0.reservoir.text); the pump is \($0.modeText)" } ?? ""
        context.console.line("first fill recorded\(reservoir)\(primed ? " (path primed)" : "")")
    }
}
