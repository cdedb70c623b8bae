/// The independent record of what pumpd last acknowledged as durable, kept beside the database in
/// `<database>.seal` (see `SealFile`).
///
/// SQLite alone cannot tell an older database from the current one: a lost or torn `-wal`, or a
/// main file put back from a copy, opens cleanly and passes `integrity_check`. The seal names the
/// newest checkpoint (its generation and checksum) and the newest event (its sequence, and a CRC
/// chain over every event up to it); it is rewritten after every write transaction commits and
/// before that write is reported done. At open, a database that holds less than its seal says, or
/// different events, is older or altered than what was acknowledged: pumpd refuses it.
///
/// A database ahead of its seal is normal: a crash between the commit and the seal's rename
/// leaves a transaction that was durable but never acknowledged.
public struct DurabilitySeal: Sendable, Hashable {
    /// The newest checkpoint's generation; 0 before the first.
    public var checkpointGeneration: Int64
    /// That checkpoint's stored checksum; 0 before the first.
    public var checkpointChecksum: UInt32
    /// The newest event's sequence; 0 for an empty log.
    public var eventSequence: Int64
    /// CRC-32 chained over every event up to `eventSequence` (see `EventChain`).
    public var eventChain: UInt32
    /// How many times the seal was written since the database was created.
    public var writes: Int64

    public static let empty = DurabilitySeal(
        checkpointGeneration: 0, checkpointChecksum: 0, eventSequence: 0, eventChain: EventChain.start, writes: 0)

    public init(checkpointGeneration: Int64, checkpointChecksum: UInt32, eventSequence: Int64, eventChain: UInt32, writes: Int64) {
        self.checkpointGeneration = checkpointGeneration
        self.checkpointChecksum = checkpointChecksum
        self.eventSequence = eventSequence
        self.eventChain = eventChain
        self.writes = writes
    }

    static let magic = "pumpd-seal 1"

    /// The file's text: one `key=value` line per field, then `crc=` over the lines before it.
    var text: String {
        let body = """
            \(Self.magic)
            checkpoint_generation=\(checkpointGeneration)
            checkpoint_checksum=\(checkpointChecksum)
            event_sequence=\(eventSequence)
            event_chain=\(eventChain)
            writes=\(writes)

            """
        var crc = CRC32()
        crc.add(body.utf8)
        return body + "crc=\(crc.checksum)\n"
    }

    /// Parses `text`; nil with the reason when it is not a whole, intact seal.
    static func parse(_ text: String) -> Result<DurabilitySeal, SealProblem> {
        guard let crcRange = text.range(of: "crc=", options: .backwards) else { return .failure(.damaged("it has no checksum line")) }
        let body = text[..<crcRange.lowerBound]
        var crc = CRC32()
        crc.add(body.utf8)
        let stored = String(text[crcRange.upperBound...].filter { $0 != "\n" })
        guard UInt32(stored) == crc.checksum else {
            return .failure(.damaged("its checksum \(stored) does not match its contents (\(crc.checksum))"))
        }
        let lines = body.split(separator: "\n").map(String.init)
        guard lines.first == magic else { return .failure(.damaged("it does not start with \"\(magic)\"")) }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let equals = line.firstIndex(of: "=") else { return .failure(.damaged("line \"\(line)\" is not key=value")) }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let generation = fields["checkpoint_generation"].flatMap({ Int64($0) }),
            let checksum = fields["checkpoint_checksum"].flatMap({ UInt32($0) }),
            let sequence = fields["event_sequence"].flatMap({ Int64($0) }),
            let chain = fields["event_chain"].flatMap({ UInt32($0) }), let writes = fields["writes"].flatMap({ Int64($0) })
        else { return .failure(.damaged("a field is missing or not a number")) }
        return .success(DurabilitySeal(
            checkpointGeneration: generation, checkpointChecksum: checksum, eventSequence: sequence, eventChain: chain, writes: writes))
    }
}

/// Why a seal file could not be used.
enum SealProblem: Error, Equatable, CustomStringConvertible {
    case missing
    case damaged(String)

    var description: String {
        switch self {
        case .missing: "missing"
        case .damaged(let reason): reason
        }
    }
}
