import ArgumentParser
import PumpCore
import PumpWire

/// `pumpctl prescription`: GetPrescription.
struct PrescriptionCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "prescription", abstract: "Show the active program, what it gives at worst, and the program it replaced.")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("GetPrescription")
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
