import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl history`: GetHistory.
struct HistoryCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show logged events and hourly deliveries (default: the last 24 hours).",
        discussion: """
            --format csv prints one table (RFC 4180, CRLF line ends), the events unless --show hours; \
            quantities are wire integers with the unit in the column name. --format json (or --json) \
            prints pumpd's reply as it is.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("From this time: RFC 3339 or a span before now such as 24h.", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("Up to (not including) this time: RFC 3339 or a span before now.", valueName: "time"))
    var to: String?

    @Option(help: ArgumentHelp("Only events of this kind, e.g. alarmRaised (any case; repeat for several).", valueName: "kind"))
    var kind: [String] = []

    @Option(help: ArgumentHelp("At most this many events (1 to 10000; default 10000).", valueName: "count"))
    var limit: Int64?

    @Option(help: "table (default), csv or json; --json is --format json.")
    var format: HistoryFormat?

    @Option(help: "events, hours or both (default: both for a table, events for CSV).")
    var show: HistorySection?

    func validate() throws {
        if let limit, !(1...10_000).contains(limit) { throw ValidationError("--limit must be from 1 to 10000") }
        if global.json, let format, format != .json {
            throw ValidationError("--json prints JSON and --format \(format.rawValue) does not: give one of them")
        }
        if format == .csv && show == .both { throw ValidationError("CSV holds one table: --show events or --show hours") }
    }

    /// Every kind of event pumpd logs.
    static let kinds = NamedValue(what: "event kind", names: WireEventKind.all)

    func execute(_ context: CommandContext) throws {
        let format = self.format ?? .table
        let kinds = try kind.map { name throws(PumpctlFailure) in try Self.kinds.resolve(name) }
        let times = try [from.map { t throws(PumpctlFailure) in try TimeArgument(parsing: t, option: "--from") },
                         to.map { t throws(PumpctlFailure) in try TimeArgument(parsing: t, option: "--to") }]
        let resolved = try context.resolve(times)
        var parameters: JSONObject = [:]
        if let from = resolved[0] { parameters["from"] = .string(from) }
        if let to = resolved[1] { parameters["to"] = .string(to) }
        if !kinds.isEmpty { parameters["kinds"] = .array(kinds.map { .string($0) }) }
        if let limit { parameters["limit"] = .integer(limit) }
        let reply = try context.call("GetHistory", parameters)
        if context.json || format == .json { return context.emitJSON(reply.parameters) }
        let report = HistoryReport(
            events: try reply.required("events", as: [WireEvent].self), hours: try reply.required("hours", as: [WireHourlyDelivery].self))
        let console = context.console
        switch (format, show ?? (format == .csv ? .events : .both)) {
        case (.csv, .hours): console.write(report.hoursCSV)
        case (.csv, _): console.write(report.eventsCSV)
        case (_, .events): report.eventLines.forEach(console.line)
        case (_, .hours): report.hourLines.forEach(console.line)
        case (_, .both):
            console.line("events:")
            report.eventLines.forEach { console.line("  " + $0) }
            console.line("hourly delivery:")
            report.hourLines.forEach { console.line("  " + $0) }
        }
    }
}
