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
        let additions: StatusAdditions
        do {
            additions = try StatusAdditions(status: reply.parameters["status"] ?? .null)
        } catch {
            throw ReplyFormatError(method: "GetStatus", field: error.parameterObject["parameter"]?.stringValue ?? "status")
        }
        let report = StatusReport(try reply.required("status", as: WireStatus.self), additions: additions, palette: context.palette)
        for line in report.lines { context.console.line(line) }
    }
}
