import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl status`: GetStatus.
struct StatusCommand: DaemonCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the pump's state now: mode, rates, deliveries, reservoir, battery, alarms.")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("GetStatus")
        if context.json { return context.emitJSON(reply.parameters) }
        let report = StatusReport(try reply.required("status", as: WireStatus.self), palette: context.palette)
        for line in report.lines { context.console.line(line) }
    }
}
