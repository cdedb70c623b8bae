import ArgumentParser
import PumpWire

/// `pumpctl stop`: Stop. No confirmation: stopping delivery must never wait for a keystroke.
struct StopCommand: DaemonCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop all delivery at once, until resume (clinician).")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("Stop")
        if context.json { return context.emitJSON(reply.parameters) }
        let status = try reply.required("status", as: WireStatus.self)
        context.console.line("delivery stopped; mode: \(status.modeText)")
    }
}
