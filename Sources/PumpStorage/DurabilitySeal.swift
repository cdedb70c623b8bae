/// The independent record of what pumpd last acknowledged as durable, kept beside the database in
/// `<database>.seal` (see `SealFile`).
///
/// SQLite alone cannot tell an older database from the current one, nor a rotted value from a
/// true one: a lost or torn `-wal`, or a main file put back from a copy, opens cleanly, and a
/// flipped digit passes `integrity_check`. The seal names the newest checkpoint (generation and
/// checksum), carries a CRC chain over every row of each history table (events, prescriptions,
/// fills, calibrations) up to its newest row, a CRC over the whole of each small table that changes
/// in place (alarms, the checkpoint ring), and a sum of row hashes over the hourly delivery, which
/// changes in place and grows (a write moves the sum by its rows; see `SealChanges`). It is written after every write
/// transaction commits and before that write is reported done. At open, a database that holds
/// less than its seal, or other rows, is older or altered than what was acknowledged: pumpd
/// refuses it.
///
/// A database ahead of its seal is normal: a crash between the commit and the seal's write
/// leaves a transaction that was durable but never acknowledged.
public struct DurabilitySeal: Sendable, Hashable {
    /// How far a history table was sealed: its newest row's key, and the chain over it and every
    /// row before it (see `RowDigest`).
    public struct Chain: Sendable, Hashable {
        public var last: Int64
        public var value: UInt32
    }

    /// The newest checkpoint's generation; 0 before the first.
    public var checkpointGeneration: Int64
    /// That checkpoint's stored checksum; 0 before the first.
    public var checkpointChecksum: UInt32
    /// Per history table (`SealedTables.history`).
    public var chains: [String: Chain]
    /// Per table changed in place (`SealedTables.mutable`): CRC-32 over all its rows. A seal of
    /// an earlier build may hold one for a table now summed: it is verified as it was written.
    public var digests: [String: UInt32]
    /// Per table sealed by a sum (`SealedTables.summed`): `RowDigest.sum` over all its rows.
    public var sums: [String: UInt64] = [:]
    /// How many times the seal was written since the database was created.
    public var writes: Int64

    public static let empty = DurabilitySeal(
        checkpointGeneration: 0, checkpointChecksum: 0,
        chains: Dictionary(uniqueKeysWithValues: SealedTables.history.map { ($0.name, Chain(last: 0, value: RowDigest.start)) }),
        digests: [:], writes: 0)

    /// Format 3 added the hourly delivery's `sum.` line; format 2 (digests only) is still read, so
    /// an upgrade opens an earlier build's seal. A build before format 3 refuses a format-3 seal:
    /// going back to it is not supported.
    static let magic = "pumpd-seal 3"
    static let readableMagics: Set<String> = ["pumpd-seal 2", magic]

    /// The file's text: one `key=value` line per field, then `crc=` over the lines before it.
    var text: String {
        var body = "\(Self.magic)\ncheckpoint_generation=\(checkpointGeneration)\ncheckpoint_checksum=\(checkpointChecksum)\n"
        for name in chains.keys.sorted() { body += "chain.\(name)=\(chains[name]!.last):\(chains[name]!.value)\n" }
        for name in digests.keys.sorted() { body += "digest.\(name)=\(digests[name]!)\n" }
        for name in sums.keys.sorted() { body += "sum.\(name)=\(sums[name]!)\n" }
        body += "writes=\(writes)\n"
        var crc = CRC32()
        crc.add(body.utf8)
        return body + "crc=\(crc.checksum)\n"
    }

    /// Parses `text`; the reason when it is not a whole, intact seal.
    static func parse(_ text: String) -> Result<DurabilitySeal, SealProblem> {
        // The last "crc=", found in the bytes: `ranges(of:)` cost a scan of the binary's
        // protocol conformances on its first use, on the way to pumpd's first answer (issue 13).
        guard let crcStart = lastChecksumMarker(in: text) else { return .failure(.damaged("it has no checksum line")) }
        let body = Substring(text.utf8[..<crcStart])
        var crc = CRC32()
        crc.add(body.utf8)
        let stored = String(Substring(text.utf8[text.utf8.index(crcStart, offsetBy: 4)...]).filter { $0 != "\n" })
        guard UInt32(stored) == crc.checksum else {
            return .failure(.damaged("its checksum \(stored) does not match its contents (\(crc.checksum))"))
        }
        let lines = body.split(separator: "\n").map(String.init)
        guard let first = lines.first, readableMagics.contains(first) else {
            if let first = lines.first, first.hasPrefix("pumpd-seal ") {
                return .failure(.damaged("its format \"\(first)\" is not one this build reads (\"pumpd-seal 2\" or \"\(magic)\"): written by a newer pumpd?"))
            }
            return .failure(.damaged("it does not start with \"\(magic)\""))
        }
        var seal = DurabilitySeal(checkpointGeneration: -1, checkpointChecksum: 0, chains: [:], digests: [:], writes: -1)
        var checksum: UInt32?
        for line in lines.dropFirst() {
            guard let equals = line.firstIndex(of: "=") else { return .failure(.damaged("line \"\(line)\" is not key=value")) }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if key == "checkpoint_generation", let number = Int64(value) {
                seal.checkpointGeneration = number
            } else if key == "checkpoint_checksum", let number = UInt32(value) {
                checksum = number
            } else if key == "writes", let number = Int64(value) {
                seal.writes = number
            } else if key.hasPrefix("chain."), let colon = value.firstIndex(of: ":"), let last = Int64(value[..<colon]),
                let chain = UInt32(value[value.index(after: colon)...])
            {
                seal.chains[String(key.dropFirst(6))] = Chain(last: last, value: chain)
            } else if key.hasPrefix("digest."), let digest = UInt32(value) {
                seal.digests[String(key.dropFirst(7))] = digest
            } else if key.hasPrefix("sum."), let sum = UInt64(value) {
                seal.sums[String(key.dropFirst(4))] = sum
            } else {
                return .failure(.damaged("line \"\(line)\" is not one a seal has"))
            }
        }
        guard seal.checkpointGeneration >= 0, let checksum, seal.writes >= 0, seal.writes < Int64.max / 2,
            Set(seal.chains.keys) == Set(SealedTables.history.map(\.name))
        else { return .failure(.damaged("a field is missing")) }
        seal.checkpointChecksum = checksum
        return .success(seal)
    }

    /// Where the last "crc=" in `text` starts (it cannot overlap itself, so this is where the
    /// last of its non-overlapping occurrences starts too).
    static func lastChecksumMarker(in text: String) -> String.Index? {
        let utf8 = text.utf8
        let marker: [UInt8] = Array("crc=".utf8)
        var end = utf8.endIndex
        while let at = utf8.index(end, offsetBy: -marker.count, limitedBy: utf8.startIndex) {
            if utf8[at..<end].elementsEqual(marker) { return at }
            end = utf8.index(before: end)
        }
        return nil
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
