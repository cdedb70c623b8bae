import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl alarms`: GetAlarms.
struct AlarmsCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms", abstract: "Show the active alarms and the alarm history.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("History from this time: RFC 3339 or a span before now such as 7d (default: the last 30 days).", valueName: "time"))
    var since: String?

    func execute(_ context: CommandContext) throws {
        let since = try self.since.map { text throws(PumpctlFailure) in try TimeArgument(parsing: text, option: "--since") }
        var parameters: JSONObject = [:]
        if let resolved = try context.resolve([since]).first, let resolved { parameters["since"] = .string(resolved) }
        let reply = try context.call("GetAlarms", parameters)
        if context.json { return context.emitJSON(reply.parameters) }
        let report = AlarmReport(
            active: try reply.required("active", as: [WireAlarm].self), history: try reply.required("history", as: [WireAlarmRecord].self))
        report.lines.forEach(context.console.line)
    }
}
