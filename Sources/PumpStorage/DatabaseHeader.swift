/// The 100-byte header at the start of an SQLite file, read with plain file I/O so that a file
/// which is not pumpd's is refused before SQLite ever opens (and could change) it.
struct DatabaseHeader {
    static let size = 100
    private static let magic = Array("SQLite format 3\u{0}".utf8)

    /// `PRAGMA application_id`, big-endian at offset 68.
    let applicationID: UInt32
    /// `PRAGMA user_version`, big-endian at offset 60 (may lag a value still in the WAL).
    let userVersion: UInt32

    /// Reads the header and refuses anything that is not an SQLite file carrying pumpd's
    /// application id.
    static func readPumpHeader(path: String) throws(StorageError) -> DatabaseHeader {
        let bytes = try FileSystem.readPrefix(of: path, count: size)
        if bytes.isEmpty {
            throw .notAPumpDatabase(path: path, reason: "the file is empty; pumpd never leaves an empty database")
        }
        guard bytes.count == size, Array(bytes[0..<magic.count]) == magic else {
            throw .notAPumpDatabase(path: path, reason: "it is not an SQLite database (no SQLite header)")
        }
        let header = DatabaseHeader(
            applicationID: bigEndian(bytes, at: 68), userVersion: bigEndian(bytes, at: 60))
        guard header.applicationID == Schema.applicationID else {
            throw .notAPumpDatabase(path: path, reason: applicationIDReason(header.applicationID))
        }
        return header
    }

    /// True when the file's header says WAL mode (file format read and write versions, bytes 18
    /// and 19, both 2): setting WAL mode on it then writes nothing. False when it cannot be read.
    static func isInWALMode(path: String) -> Bool {
        guard let bytes = try? FileSystem.readPrefix(of: path, count: size), bytes.count == size else { return false }
        return bytes[18] == 2 && bytes[19] == 2
    }

    static func applicationIDReason(_ found: UInt32) -> String {
        if found == 0 {
            return "it is an SQLite database without an application id, so another program made it"
        }
        let hex = String(found, radix: 16)
        return "it is an SQLite database of another application (application_id 0x\(hex), pumpd's is 0x"
            + String(Schema.applicationID, radix: 16) + ")"
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
