import Logging
import PumpJournal
import PumpService
import PumpStorage
import Varlink

/// pumpd's structured journal under systemd: every durable event, every report that is not in the
/// event log (hourly totals) and the daemon's own start and stop are one entry each, with their
/// MESSAGE_ID (`PumpMessageID`, explained by systemd/pumpd.catalog) and PUMP_* fields.
///
/// Exists only where journald's socket does (`open()`); elsewhere pumpd writes log lines instead.
struct DaemonJournal: Sendable {
    let logger: Logger

    /// Bootstraps swift-log to journald through libsystemd and returns the journal, when
    /// /run/systemd/journal/socket exists; nil otherwise. Call once per process.
    static func open() -> DaemonJournal? {
        guard JournalWriter.defaultDestination() == .libsystemd else { return nil }
        PumpJournal.bootstrap(identifier: "pumpd")
        return DaemonJournal(logger: Logger(label: "pumpd"))
    }

    /// One entry for a durable event, with its event-log sequence number and who caused it.
    func log(_ event: StoredEvent) {
        let detail = (try? JSONValue.parse(Array(event.detail.utf8)))?.objectValue ?? [:]
        logger.logPumpEvent(
            kind: event.kind, summary: event.summary, detail: detail,
            actor: event.actor.map { PumpJournal.Actor(uid: $0.uid, pid: $0.pid, role: $0.role) }, sequence: event.sequence)
    }

    /// One entry for a report that is not kept in the event log.
    func log(_ event: ServiceEvent) {
        logger.logPumpEvent(kind: event.recordKind.rawValue, summary: event.summary, detail: event.detail)
    }
}
