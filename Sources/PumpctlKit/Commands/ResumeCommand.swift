import PumpCore
import ArgumentParser
import PumpWire

/// `pumpctl resume`: Resume.
struct ResumeCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Restart delivery from now, with no catch-up of what was missed (clinician).")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("Resume")
        if context.json { return context.emitJSON(reply.parameters) }
        let status = try reply.required("status", as: WireStatus.self)
        context.console.line("delivery resumed; mode: \(status.modeText), dose rate \(QuantityFormatter.doseRate(nanogramsPerDay: status.doseRate))")
    }
}
