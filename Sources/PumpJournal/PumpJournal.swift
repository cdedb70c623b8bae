public import Logging
public import Varlink
internal import Glibc

/// What pumpd needs to log to the journal: the bootstrap, and one call per pump event.
public enum PumpJournal {
    public static let journalSocketPath = "/run/systemd/journal/socket"
    public static let defaultIdentifier = "pumpd"

    /// True when `path` exists and is a socket (journald listens there).
    public static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    /// Sets swift-log's global backend, once per process: journald through libsystemd when
    /// /run/systemd/journal/socket exists, `<N>`-prefixed stderr lines otherwise (a terminal, a container
    /// without journald). Pass `destination` to force one. Returns the writer every logger shares.
    @discardableResult
    public static func bootstrap(
        identifier: String = defaultIdentifier, logLevel: Logger.Level = .info, destination: JournalWriter.Destination? = nil,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> JournalWriter {
        let writer = JournalWriter(destination: destination ?? JournalWriter.defaultDestination())
        LoggingSystem.bootstrap(
            { label, provider in
                JournalLogHandler(label: label, writer: writer, identifier: identifier, logLevel: logLevel, metadataProvider: provider)
            },
            metadataProvider: metadataProvider
        )
        return writer
    }

    // MARK: Pump events

    /// Who caused an event (StoredEvent's ChangeActor: the peer's credentials and granted role).
    public struct Actor: Sendable, Hashable {
        public var uid: UInt32
        public var pid: Int32
        public var role: String

        public init(uid: UInt32, pid: Int32, role: String) {
            self.uid = uid
            self.pid = pid
            self.role = role
        }
    }

    /// The metadata of a pump event's entry. Journal fields, after ``JournalFieldName``:
    /// `MESSAGE_ID` (``PumpMessageID``, when the kind is known), `PUMP_EVENT` (the kind),
    /// `PUMP_EVENT_SEQUENCE` (the event log's sequence number, when given), `PUMP_ACTOR_UID`,
    /// `PUMP_ACTOR_PID`, `PUMP_ACTOR_ROLE` (when there is an actor), and one field per detail key
    /// (`worstDayDose` → `PUMP_WORST_DAY_DOSE`, `alarm` → `PUMP_ALARM`; units as in io.pumpd.Pump).
    public static func eventMetadata(kind: String, detail: Logger.Metadata, actor: Actor?, sequence: Int64? = nil) -> Logger.Metadata {
        var metadata = detail
        if let id = PumpMessageID(kind: kind) { metadata["MESSAGE_ID"] = .string(id.id128) }
        metadata["PUMP_EVENT"] = .string(kind)
        if let sequence { metadata["PUMP_EVENT_SEQUENCE"] = .stringConvertible(sequence) }
        if let actor {
            metadata["PUMP_ACTOR_UID"] = .stringConvertible(actor.uid)
            metadata["PUMP_ACTOR_PID"] = .stringConvertible(actor.pid)
            metadata["PUMP_ACTOR_ROLE"] = .string(actor.role)
        }
        return metadata
    }

    /// The level a pump event is logged at: `critical` for a critical alarm; `warning` for a
    /// non-critical alarm and for events that mean therapy did not go as planned (not started,
    /// interrupted bolus, delivery gap, loop stall, refused call, wall clock jump, rig faults); `notice` for changes someone made or
    /// must know about (program, refill, calibration, alarm cleared/acknowledged, stop, restore, daemon
    /// start/stop, rig time, a reloaded setting); `info` for routine delivery (boluses, priming, the
    /// hourly totals).
    public static func level(forKind kind: String, detail: Logger.Metadata) -> Logger.Level {
        switch PumpMessageID(kind: kind) {
        case .alarmRaised:
            if case .string("critical") = detail["severity"] { return .critical }
            return .warning
        case .deliveryNotStarted, .bolusInterrupted, .deliveryGap, .loopStalled, .callRefused, .wallClockJumped, .rigFaultsSet:
            return .warning
        case .stallRetry: return .warning
        case .programCommitted, .deliveryStopped, .refilled, .calibrated, .alarmCleared, .alarmAcknowledged, .restored,
            .rigTimeAdvanced, .rigTimeAdvanceCutShort, .rigWallClockStepped, .rigReservoirFilled, .daemonStarted, .daemonStopping, .settingsReloaded:
            return .notice
        case .deliveryStarted, .bolusStarted, .bolusCompleted, .primingStarted, .primingCompleted, .periodicBolusSkipped,
            .hourlyDelivery:
            return .info
        // Issue 14 (linecal): a failed line test is therapy not going as planned; the rest are
        // changes someone made.
        case .lineTestFailed: return .warning
        case .lineTestStarted, .lineTestPassed, .calibrationRunStarted, .calibrationRunFinished: return .notice
        // Issue 14: a failed test is a warning (its alarm is logged on its own); a silence is a change someone made.
        case .alarmTest, .selfTest:
            if case .string("false") = detail["passed"] { return .warning }
            return .notice
        case .alarmsSilenced: return .notice
        case nil: return .notice
        }
    }

    /// An event's JSON detail (TherapyEvent.detail, the rig's changes) as metadata: strings stay
    /// strings, numbers and booleans become their JSON text, objects nest (`a: {b: 1}` → `PUMP_A_B=1`).
    public static func metadata(_ object: JSONObject) -> Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        for (key, value) in object.members { metadata[key] = metadataValue(value) }
        return metadata
    }

    public static func metadataValue(_ value: JSONValue) -> Logger.MetadataValue {
        switch value {
        case .null: .string("null")
        case .bool(let flag): .string(flag ? "true" : "false")
        case .integer(let number): .string(String(number))
        case .double(let number): .string(String(number))
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(metadataValue))
        case .object(let object): .dictionary(metadata(object))
        }
    }
}

extension Logger {
    /// Logs one pump event (a StoredEvent's kind, summary, detail and actor) with its MESSAGE_ID and
    /// fields (``PumpJournal/eventMetadata(kind:detail:actor:sequence:)``), at
    /// ``PumpJournal/level(forKind:detail:)`` unless `level` is given. The summary is the MESSAGE.
    public func logPumpEvent(
        kind: String, summary: String, detail: Logger.Metadata = [:], actor: PumpJournal.Actor? = nil, sequence: Int64? = nil,
        level: Logger.Level? = nil, file: String = #fileID, function: String = #function, line: UInt = #line
    ) {
        log(
            level: level ?? PumpJournal.level(forKind: kind, detail: detail), "\(summary)",
            metadata: PumpJournal.eventMetadata(kind: kind, detail: detail, actor: actor, sequence: sequence),
            file: file, function: function, line: line
        )
    }

    /// ``logPumpEvent(kind:summary:detail:actor:sequence:level:file:function:line:)`` with the JSON
    /// detail pumpd keeps (TherapyEvent.detail).
    public func logPumpEvent(
        kind: String, summary: String, detail: JSONObject, actor: PumpJournal.Actor? = nil, sequence: Int64? = nil,
        level: Logger.Level? = nil, file: String = #fileID, function: String = #function, line: UInt = #line
    ) {
        logPumpEvent(
            kind: kind, summary: summary, detail: PumpJournal.metadata(detail), actor: actor, sequence: sequence, level: level,
            file: file, function: function, line: line
        )
    }
}
