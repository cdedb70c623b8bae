/// JSON as a hostile client writes it: besides proper values it can hold verbatim tokens and
/// string bytes (NaN, `01`, invalid UTF-8, lone surrogates, raw control characters) and objects
/// that repeat a key. Everything verbatim is chosen to be invalid JSON, so a document is valid
/// exactly when it is ``isClean``.
indirect enum HostileJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A valid JSON number with a fraction or exponent, as written (`5.0`, `1e3`, `-0.0`).
    case double(String)
    case string(String)
    /// Written between quotes as these bytes; always invalid (bad UTF-8, bad escape, control byte).
    case rawString([UInt8])
    /// Written as these bytes in place of a value; always invalid JSON (`NaN`, `01`, `1e400`).
    case raw([UInt8])
    case array([HostileJSON])
    /// Keys are `.string` or `.rawString`; a key may repeat.
    case object([(key: HostileJSON, value: HostileJSON)])

    static func object(_ members: [(String, HostileJSON)]) -> HostileJSON {
        .object(members.map { (key: HostileJSON.string($0.0), value: $0.1) })
    }

    /// Array and object levels, as the service's parser counts them.
    var depth: Int {
        switch self {
        case .array(let items): 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): 1 + (members.map(\.value.depth).max() ?? 0)
        default: 0
        }
    }

    /// Valid JSON within `maxDepth`: no verbatim invalid bytes and no repeated key.
    func isClean(maxDepth: Int = 32) -> Bool { depth <= maxDepth && isCleanIgnoringDepth }

    private var isCleanIgnoringDepth: Bool {
        switch self {
        case .raw, .rawString: return false
        case .array(let items): return items.allSatisfy(\.isCleanIgnoringDepth)
        case .object(let members):
            var seen = Set<String>()
            for member in members {
                guard case .string(let key) = member.key, seen.insert(key).inserted, member.value.isCleanIgnoringDepth else {
                    return false
                }
            }
            return true
        default: return true
        }
    }

    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(into: &output)
        return output
    }

    func write(into output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .int(let value): output += Array(String(value).utf8)
        case .double(let text): output += Array(text.utf8)
        case .string(let text): Self.writeString(text, into: &output)
        case .rawString(let bytes):
            output.append(UInt8(ascii: "\""))
            output += bytes
            output.append(UInt8(ascii: "\""))
        case .raw(let bytes): output += bytes
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                member.key.write(into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x00..<0x20:
                output += Array("\\u00".utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The members of an object value (empty for anything else).
    var members: [(key: HostileJSON, value: HostileJSON)] {
        if case .object(let members) = self { return members }
        return []
    }
}

extension HostileJSON {
    static let emptyObject = HostileJSON.object([(key: HostileJSON, value: HostileJSON)]())
}
