/// How swift-log metadata keys become journal field names.
///
/// journald accepts field names of at most 64 characters from `[A-Z0-9_]`, not starting with a digit
/// or `_` (a leading `_` marks the fields journald itself vouches for, such as `_PID`). The rule, applied
/// to every metadata key:
///
/// 1. A lowercase letter or digit followed by an uppercase letter gets an `_` between them
///    (camelCase → CAMEL_CASE: `worstDayDose` → `WORST_DAY_DOSE`).
/// 2. ASCII letters are upper-cased; digits and `_` are kept; every other character becomes `_`,
///    and runs of `_` collapse to one.
/// 3. Leading `_` are dropped; an empty result becomes `UNNAMED`.
/// 4. `PUMP_` is put in front unless the name already starts with `PUMP_` (so `pumpId` and `PUMP_ID` both
///    give `PUMP_ID`, and `alarm` gives `PUMP_ALARM`). The prefix also keeps metadata from posing as
///    `MESSAGE`, `PRIORITY`, `CODE_*` or any other field of systemd.journal-fields(7).
/// 5. The result is cut to 64 characters.
///
/// Nested metadata (`.dictionary`) joins keys with `_` before the rule (`actor: [uid: 0]` → `PUMP_ACTOR_UID`);
/// an `.array` gives the field once per element (journald keeps repeated fields). Two keys that map to the
/// same name (`a-b`, `a_b`) both appear, as repeated values of one field.
///
/// One key is special: `MESSAGE_ID` (or any key that maps to `MESSAGE_ID` in steps 1–3, such as
/// `messageId`) sets the entry's `MESSAGE_ID` when its value is a 128-bit id (32 hex digits, dashes
/// allowed); anything else is kept as `PUMP_MESSAGE_ID` so it is not lost.
public enum JournalFieldName {
    public static let maximumLength = 64
    public static let prefix = "PUMP_"

    /// The journal field that carries metadata `key`.
    public static func forMetadataKey(_ key: String) -> String {
        var name = normalized(key)
        if name.isEmpty { name = "UNNAMED" }
        if !name.hasPrefix(prefix) { name = prefix + name }
        if name.utf8.count > maximumLength { name = String(name.prefix(maximumLength)) }
        return name
    }

    /// Steps 1–3 without the prefix: upper-case `[A-Z0-9_]`, no leading `_`, possibly empty.
    public static func normalized(_ key: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(key.utf8.count + 4)
        var previous: UInt8 = 0
        for byte in key.utf8 {
            let mapped: UInt8
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): mapped = byte - 32
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if isLowerOrDigit(previous), out.last != UInt8(ascii: "_") { out.append(UInt8(ascii: "_")) }
                mapped = byte
            case UInt8(ascii: "0")...UInt8(ascii: "9"): mapped = byte
            default: mapped = UInt8(ascii: "_")
            }
            previous = byte
            if mapped == UInt8(ascii: "_") && (out.isEmpty || out.last == UInt8(ascii: "_")) { continue }
            out.append(mapped)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `name` is a field name journald accepts from a client.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maximumLength else { return false }
        if first == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }

    /// A 128-bit id as journald writes it (32 lowercase hex digits), or nil when `value` is not one.
    public static func messageID(_ value: String) -> String? {
        var hex: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "-"): continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): hex.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): hex.append(byte + 32)
            default: return nil
            }
        }
        return hex.count == 32 ? String(decoding: hex, as: UTF8.self) : nil
    }

    private static func isLowerOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
