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

            Times, as journalctl takes them: 2026-12-04T11:00:00+01:00 (RFC 3339), 2026-12-04 11:00[:00] \
            (local), 2026-12-04 (local midnight), 11:00 (today), now, today, yesterday, tomorrow, -1h or \
            1h ago (before pumpd's now), +30min (after it), @1796374800 (Unix seconds). Local means this \
            machine's time zone (TZ honoured); a local time that a daylight-saving change skips or repeats \
            is refused, naming the offsets to write. -n N shows the newest N events of the range, oldest first.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: [.customLong("since"), .customLong("from"), .customShort("S")], parsing: .unconditional,
        help: ArgumentHelp("From this time: 2026-12-04 11:00, 2026-12-04, 11:00, yesterday, -1h, 1h ago, RFC 3339… (local times in this machine's zone).", valueName: "time"))
    var since: String?

    @Option(
        name: [.customLong("until"), .customLong("to"), .customShort("U")], parsing: .unconditional,
        help: ArgumentHelp("Up to (not including) this time, in the forms --since takes (+30min is after now).", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only events of this kind, e.g. alarmRaised (any case; repeat for several).", valueName: "kind"))
    var kind: [String] = []

    @Option(
        name: [.customLong("limit"), .customShort("n")],
        help: ArgumentHelp("The newest this many events of the range (1 to 10000), printed oldest first (default: the first 10000).", valueName: "count"))
    var limit: Int64?

    @Option(help: "table (default), csv or json; --json is --format json.")
    var format: HistoryFormat?

    @Option(help: "events, hours or both (default: both for a table, events for CSV).")
    var show: HistorySection?

    func validate() throws {
        if let limit, !(1...10_000).contains(limit) { throw ValidationError("-n/--limit must be from 1 to 10000, not \(limit)") }
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
        let resolved = try context.resolve([since.map { ("--since", $0) }, until.map { ("--until", $0) }])
        var parameters: JSONObject = [:]
        if let from = resolved[0] { parameters["from"] = .string(from) }
        if let to = resolved[1] { parameters["to"] = .string(to) }
        if !kinds.isEmpty { parameters["kinds"] = .array(kinds.map { .string($0) }) }
        if let limit {
            parameters["limit"] = .integer(limit)
            parameters["newest"] = .bool(true)
        }
        let reply: Reply
        do {
            reply = try context.call("GetHistory", parameters)
        } catch let error as VarlinkError where error.name == "io.pumpd.Pump.InvalidValue" && error.parameters["field"] == "from" && until == nil {
            // Without --until the range ends at pumpd's now: a --since after it is the user's slip.
            throw PumpctlFailure.usage("--since (\(resolved[0] ?? "")) is after pumpd's now, where the range ends without --until: the range is empty")
        }
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
