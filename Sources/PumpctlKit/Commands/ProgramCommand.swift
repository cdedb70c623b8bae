import ArgumentParser
import PumpCore
import PumpWire
import Varlink

/// `pumpctl program`: ValidatePrescription, the review, the question, CommitPrescription.
struct ProgramCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Review a new program against the active one, then commit it when you confirm (clinician).",
        discussion: """
            pumpd first checks the program without changing anything. A program that breaks a rule is \
            refused with every broken rule listed (exit 1). Otherwise pumpctl shows pumpd's old-versus-new \
            review, changed lines marked with *, and asks "Commit this program? [y/N]" on the terminal. Only \
            y or yes commits; anything else leaves the active program unchanged (exit 5). With stdin not a \
            terminal, pass --yes (else exit 2).

            Example:
              pumpctl program --drug baclofen --concentration 2000ug/ml \\
                --daily-dose 500ug --max-daily-dose 600ug --max-hourly-dose 60ug \\
                --max-bolus 50ug --low-reservoir 2ml
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Program") var program: PrescriptionOptions

    @Flag(help: "Commit without asking (for scripts).")
    var yes = false

    func execute(_ context: CommandContext) throws {
        let (prescriptionJSON, prescription) = try program.prescription()
        let review = try context.call("ValidatePrescription", ["prescription": .object(prescriptionJSON)])
        let token = try review.required("token", as: String.self)
        if context.json {
            context.emitJSON(review.parameters)
        } else {
            try show(review, of: prescription, on: context.console, palette: context.palette)
        }
        try Confirmation(assumeYes: yes).require(
            "Commit this program?", on: context.console, declinedMessage: "Not committed: the active program is unchanged.")
        let committed = try context.call("CommitPrescription", ["prescription": .object(prescriptionJSON), "token": .string(token)])
        if context.json { return context.emitJSON(committed.parameters) }
        let summary = try committed.required("summary", as: WireProgramSummary.self)
        let status = try committed.required("status", as: WireStatus.self)
        context.console.line("committed: \(summary.drug.text), \(summary.mode); the pump is \(status.modeText)")
    }

    private func show(_ review: Reply, of prescription: Prescription, on console: Console, palette: Palette) throws {
        console.line("new program:")
        PrescriptionReport(prescription).lines.forEach(console.line)
        let rows = try review.required("comparison", as: [WireComparisonRow].self)
        if rows.isEmpty {
            let summary = try review.required("new", as: WireProgramSummary.self)
            console.line("what it gives:")
            TextTable(rows: summary.rows.map { [$0.label, $0.value] }).lines.forEach { console.line("  " + $0) }
        } else {
            console.line("review, the active program against the new one:")
            ComparisonTable(rows: rows, palette: palette).lines.forEach { console.line("  " + $0) }
        }
        let expiresIn = try review.required("expiresIn", as: Int64.self)
        console.line("this review is valid for \(QuantityFormatter.duration(seconds: expiresIn))")
    }
}
