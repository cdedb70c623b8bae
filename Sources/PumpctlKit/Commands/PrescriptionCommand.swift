import ArgumentParser
import PumpCore
import PumpWire
import Varlink

/// `pumpctl prescription`: GetPrescription; with `--export`, the active program as a prescription file.
struct PrescriptionCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "prescription", abstract: "Show the active program, what it gives at worst, and the program it replaced; or export it as a file.",
        discussion: """
            --export FILE writes the active program as a prescription file (TOML, every quantity with its \
            unit, comments allowed; - for stdout). Edit it and commit it with pumpctl program --file FILE: \
            it reads back to the same program exactly.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Write the active program as a prescription file (TOML with units) to this path, or - for stdout.", valueName: "file"))
    var export: String?

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("GetPrescription")
        if let export {
            guard let active = try reply.optional("active", as: Prescription.self) else {
                throw PumpctlFailure(.refused, "refused: no program is active, so there is nothing to export")
            }
            let committed = try reply.optional("committedAt", as: String.self)
            let source = "The active program of pumpd" + (committed.map { ", committed \($0)" } ?? "") + "."
            try PrescriptionFile.write(PrescriptionDocument.text(active, source: source), to: export, console: context.console)
            if export != "-" && !context.json { context.console.line("exported the active program to \(export)") }
            if context.json && export != "-" { context.emitJSON(["exported": .string(export)]) }
            return
        }
        if context.json { return context.emitJSON(reply.parameters) }
        let console = context.console
        if let active = try reply.optional("active", as: Prescription.self) {
            let committed = try reply.optional("committedAt", as: String.self)
            console.line("active program\(committed.map { " (committed \($0))" } ?? ""):")
            PrescriptionReport(active).lines.forEach(console.line)
            if let summary = try reply.optional("activeSummary", as: WireProgramSummary.self) {
                console.line("what it gives:")
                TextTable(rows: summary.rows.map { [$0.label, $0.value] }).lines.forEach { console.line("  " + $0) }
            }
        } else {
            console.line("no active program")
        }
        if let previous = try reply.optional("previous", as: Prescription.self) {
            console.line("previous program:")
            PrescriptionReport(previous).lines.forEach(console.line)
        }
    }
}
