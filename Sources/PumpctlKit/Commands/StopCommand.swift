import ArgumentParser
import PumpWire

/// `pumpctl stop`: Stop. No confirmation: stopping delivery must never wait for a keystroke. No
/// role check of its own: pumpd decides (its profile may grant Stop to operators), and its refusal
/// says why.
struct StopCommand: DaemonCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop all delivery at once, until resume (clinician; operator where the profile's [access] operators_may_stop grants it).")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("Stop")
        if context.json { return context.emitJSON(reply.parameters) }
        let status = try reply.required("status", as: WireStatus.self)
        context.console.line("delivery stopped; mode: \(status.modeText)")
    }
}
