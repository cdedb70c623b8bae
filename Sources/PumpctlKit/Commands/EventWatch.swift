import PumpCore
import PumpWire
import Varlink
import VarlinkCodable

/// One `pumpctl watch`: prints events as they come over WatchEvents, remembers the last one, and
/// after a lost connection prints the gap and the events logged in it (fetched with GetHistory).
struct EventWatch {
    let context: CommandContext
    /// Whether a WatchEvents stream ever answered: until then a failure ends the watch.
    private(set) var hasConnected = false
    /// Whether the last `stream` got its first reply (the backoff starts over).
    private(set) var reconnected = false
    /// The last event printed, so none is printed twice across a reconnection.
    private var lastEvent: (sequence: Int64, time: String)?
    /// pumpd's time in the last reply: where the history of a gap starts when no event was seen.
    private var lastDaemonTime: String?
    /// When (this machine's clock) the connection was lost, and why; nil while connected.
    private var lostAt: (time: CivilTime, reason: String)?

    init(context: CommandContext) { self.context = context }

    /// Streams WatchEvents until the connection ends (throws) or pumpd ends the call.
    mutating func stream() throws {
        reconnected = false
        var first = true
        try context.session.stream("WatchEvents") { parameters in
            defer { first = false }
            let reply = Reply("WatchEvents", parameters)
            let status = try reply.required("status", as: WireStatus.self)
            if first {
                reconnected = true
                hasConnected = true
                if let lostAt {
                    try reportGap(since: lostAt, status: status)
                    self.lostAt = nil
                } else if context.json {
                    context.emitJSON(parameters)
                } else {
                    context.console.line("watching pumpd on \(status.rig.name): \(status.modeText), \(status.alarms.count) active alarm(s); Ctrl-C to stop")
                }
            } else if let event = try reply.optional("event", as: WireEvent.self) {
                if record(event) { context.json ? context.emitJSON(parameters) : context.console.line(EventLine.text(event, palette: context.palette)) }
            } else if context.json {
                context.emitJSON(parameters)
            }
            lastDaemonTime = status.time
            return true
        }
    }

    /// Notes that the connection was lost (once per gap) and says so on stderr.
    mutating func lost(because failure: PumpctlFailure) {
        guard lostAt == nil else { return }
        lostAt = (context.console.now(), failure.message)
        context.console.error("-- \(failure.message); reconnecting (Ctrl-C to stop)")
    }

    /// Remembers `event` as the last one printed; false when it was printed already.
    private mutating func record(_ event: WireEvent) -> Bool {
        guard event.sequence > (lastEvent?.sequence ?? .min) else { return false }
        lastEvent = (event.sequence, event.time)
        return true
    }

    /// The gap line, then the events pumpd logged since the last one printed.
    private mutating func reportGap(since lost: (time: CivilTime, reason: String), status: WireStatus) throws {
        let now = context.console.now()
        let since = lastEvent?.time ?? lastDaemonTime ?? status.time
        let gap = now - lost.time
        if context.json {
            context.emitJSON(["gap": [
                "lostAt": .string(RFC3339.format(lost.time)), "reconnectedAt": .string(RFC3339.format(now)),
                "seconds": .integer(gap.nanoseconds / 1_000_000_000), "since": .string(since), "status": WireCoding.encode(status),
            ]])
        } else {
            context.console.line(
                "-- connection lost at \(RFC3339.format(lost.time)), reconnected at \(RFC3339.format(now)) (gap \(gap.readable)); "
                    + "events in the gap: see pumpctl history --since \(since)")
        }
        // A second connection: this one carries the stream. Events logged between the stream's
        // start and this call come in both, and print once (by sequence).
        let history = PumpSession(settings: context.session.settings)
        defer { history.close() }
        let reply = Reply("GetHistory", try history.call("GetHistory", ["from": .string(since)]))
        let events = try reply.required("events", as: [WireEvent].self)
        if let last = lastEvent, !events.contains(where: { $0.sequence == last.sequence && $0.time == last.time }) {
            // The last event printed is not in this log: pumpd came back with another event log
            // (a new or restored state directory, another pumpd on the socket). Its numbers start
            // over, so comparing them with the old log's would hide every new event.
            lastEvent = nil
            let notice = "pumpd's event log is not the one watched before (event #\(last.sequence) at \(last.time) is not in it); "
                + "showing its events since \(since)"
            context.json ? context.emitJSON(["logReplaced": .string(notice)]) : context.console.line("-- " + notice)
        }
        for event in events where record(event) {
            context.json ? context.emitJSON(["event": WireCoding.encode(event)]) : context.console.line(EventLine.text(event, palette: context.palette))
        }
    }
}
