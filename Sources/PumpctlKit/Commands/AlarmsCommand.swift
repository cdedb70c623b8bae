import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl alarms`: GetAlarms.
struct AlarmsCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms", abstract: "Show the active alarms and the alarm history; silence or test the alarm outputs.",
        subcommands: [AlarmsSilenceCommand.self, AlarmsTestCommand.self])

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customLong("since"), .customShort("S")], parsing: .unconditional, help: ArgumentHelp("History from this time: 2026-12-04 11:00, yesterday, -7d, RFC 3339… (default: the last 30 days).", valueName: "time"))
    var since: String?

    func execute(_ context: CommandContext) throws {
        var parameters: JSONObject = [:]
        if let resolved = try context.resolve([since.map { ("--since", $0) }]).first, let resolved { parameters["since"] = .string(resolved) }
        let reply = try context.call("GetAlarms", parameters)
        if context.json { return context.emitJSON(reply.parameters) }
        let report = AlarmReport(
            active: try reply.required("active", as: [WireAlarm].self), history: try reply.required("history", as: [WireAlarmRecord].self),
            palette: context.palette)
        report.lines.forEach(context.console.line)
    }
}
