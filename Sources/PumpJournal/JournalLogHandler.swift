public import Logging

/// A swift-log handler that writes each entry to journald as a native structured entry.
///
/// Fields: `MESSAGE`, `PRIORITY` (``JournalEntry/priority(for:)``), `SYSLOG_IDENTIFIER` (default
/// `pumpd`), `MESSAGE_ID` (from the metadata key `MESSAGE_ID`), `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`,
/// `PUMP_LOGGER` (the logger's label), each metadata key as a `PUMP_*` field (``JournalFieldName``), and
/// `PUMP_ERROR` when the event carries an error. When the journal refuses an entry (no socket, journald
/// gone, congested past the writer's timeout), the entry goes to stderr as a `<N>`-prefixed line.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    public let identifier: String
    public let writer: JournalWriter

    public init(
        label: String, writer: JournalWriter, identifier: String = PumpJournal.defaultIdentifier, logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.writer = writer
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        writer.write(entry(for: event))
    }

    /// The entry `log(event:)` writes: handler metadata, then the provider's, then the call's (last wins).
    public func entry(for event: LogEvent) -> JournalEntry {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        return JournalEntry(
            level: event.level, message: event.message.description, metadata: merged, error: event.error, identifier: identifier,
            label: label, file: event.file, function: event.function, line: event.line
        )
    }
}
