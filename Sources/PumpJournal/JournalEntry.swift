public import Logging

/// One journal field: a valid name and a value of any bytes (newlines and NULs included).
public struct JournalField: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]

    public init(_ name: String, _ value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ value: String) { self.init(name, Array(value.utf8)) }

    public var stringValue: String { String(decoding: value, as: UTF8.self) }
}

/// A journal entry: its fields in the order they are sent.
public struct JournalEntry: Sendable, Hashable {
    public var fields: [JournalField]

    public init(fields: [JournalField]) { self.fields = fields }

    /// The syslog priority (0–7) journald uses for each swift-log level. swift-log has no
    /// emergency or alert, so 0 and 1 are never produced; `trace` and `debug` both map to 7.
    public static func priority(for level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The entry for one swift-log event; `metadata` is already merged (handler, provider, call).
    public init(
        level: Logger.Level, message: String, metadata: Logger.Metadata, error: (any Error)? = nil, identifier: String,
        label: String?, file: String, function: String, line: UInt
    ) {
        var fields: [JournalField] = [
            JournalField("MESSAGE", message),
            JournalField("PRIORITY", String(Self.priority(for: level))),
            JournalField("SYSLOG_IDENTIFIER", identifier),
        ]
        var custom: [JournalField] = []
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            if JournalFieldName.normalized(key) == "MESSAGE_ID", case .string(let text) = Self.flatString(value),
                let id = JournalFieldName.messageID(text)
            {
                fields.append(JournalField("MESSAGE_ID", id))
                continue
            }
            Self.flatten(key: key, value: value, into: &custom)
        }
        fields.append(JournalField("CODE_FILE", file))
        fields.append(JournalField("CODE_LINE", String(line)))
        fields.append(JournalField("CODE_FUNC", function))
        if let label { fields.append(JournalField("PUMP_LOGGER", label)) }
        fields += custom
        if let error { fields.append(JournalField("PUMP_ERROR", String(describing: error))) }
        self.fields = fields
    }

    /// The value of the first field called `name`.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.stringValue }

    // MARK: Encodings

    /// The native protocol datagram (systemd.io/JOURNAL_NATIVE_PROTOCOL): `NAME=value\n` per field, or,
    /// when the value holds a newline, `NAME\n`, the value's length as 64-bit little-endian, the value, `\n`.
    public var nativeDatagram: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.count + 10 })
        for field in fields {
            out += field.name.utf8
            if field.value.contains(UInt8(ascii: "\n")) {
                out.append(UInt8(ascii: "\n"))
                var length = UInt64(field.value.count).littleEndian
                withUnsafeBytes(of: &length) { out += $0 }
                out += field.value
            } else {
                out.append(UInt8(ascii: "="))
                out += field.value
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// One stderr line in the SyslogLevelPrefix convention: `<PRIORITY>MESSAGE FIELD=value …`, with
    /// MESSAGE_ID and the custom fields (not CODE_*), newlines and control characters escaped so one
    /// entry stays one line (journald's stream transport would split it otherwise).
    public var stderrLine: [UInt8] {
        var out: [UInt8] = Array("<\(self["PRIORITY"] ?? "6")>".utf8)
        Self.escape(fields.first { $0.name == "MESSAGE" }?.value ?? [], quoted: false, into: &out)
        for field in fields where !Self.stderrOmitted.contains(field.name) {
            out.append(UInt8(ascii: " "))
            out += field.name.utf8
            out.append(UInt8(ascii: "="))
            let needsQuotes = field.value.isEmpty || field.value.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") }
            Self.escape(field.value, quoted: needsQuotes, into: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private static let stderrOmitted: Set<String> = ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "PUMP_LOGGER"]

    private static func escape(_ bytes: [UInt8], quoted: Bool, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        if quoted { out.append(UInt8(ascii: "\"")) }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\"") where quoted: out += "\\\"".utf8
            case 0..<0x20, 0x7f: out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            default: out.append(byte)
            }
        }
        if quoted { out.append(UInt8(ascii: "\"")) }
    }

    // MARK: Metadata

    private static func flatString(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string: value
        case .stringConvertible(let convertible): .string(convertible.description)
        case .dictionary, .array: value
        }
    }

    private static func flatten(key: String, value: Logger.MetadataValue, into fields: inout [JournalField]) {
        switch value {
        case .string(let text): fields.append(JournalField(JournalFieldName.forMetadataKey(key), text))
        case .stringConvertible(let convertible):
            fields.append(JournalField(JournalFieldName.forMetadataKey(key), convertible.description))
        case .dictionary(let nested):
            for nestedKey in nested.keys.sorted() {
                if let nestedValue = nested[nestedKey] { flatten(key: key + "_" + nestedKey, value: nestedValue, into: &fields) }
            }
        case .array(let elements):
            for element in elements { flatten(key: key, value: element, into: &fields) }
        }
    }
}
