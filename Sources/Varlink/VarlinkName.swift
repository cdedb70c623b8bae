/// The syntax of Varlink names.
///
/// An interface name is a reverse domain name: at least two dot-separated labels of ASCII letters,
/// digits and inner hyphens, the first starting with a letter (`io.pumpd.Pump`). A member (method
/// or error) name is an ASCII letter followed by letters and digits, conventionally capitalised
/// (`GetStatus`). A qualified name joins them with a dot (`io.pumpd.Pump.GetStatus`).
public enum VarlinkName {
    /// One pass over the bytes, nothing allocated: every call is checked against it.
    public static func isValidInterface(_ name: some StringProtocol) -> Bool {
        isValidInterfaceName(name)
    }

    /// The same, for a `String`: called from another module the generic form runs unspecialised,
    /// resolving `utf8`'s type at run time (a conformance scan at pumpd's start, for its first call).
    public static func isValidInterface(_ name: String) -> Bool {
        isValidInterfaceName(name)
    }

    private static func isValidInterfaceName(_ name: some StringProtocol) -> Bool {
        var dots = 0
        var labelLength = 0
        var previous: UInt8 = 0
        for byte in name.utf8 {
            if byte == dot {
                guard labelLength > 0, previous != hyphen else { return false }
                dots += 1
                labelLength = 0
            } else {
                guard isLetter(byte) || isDigit(byte) || byte == hyphen else { return false }
                if labelLength == 0 {
                    guard byte != hyphen, dots > 0 || isLetter(byte) else { return false }
                }
                labelLength += 1
            }
            previous = byte
        }
        return dots >= 1 && labelLength > 0 && previous != hyphen
    }

    public static func isValidMember(_ name: some StringProtocol) -> Bool {
        guard let first = name.utf8.first, isUppercase(first) else { return false }
        return name.utf8.allSatisfy { isLetter($0) || isDigit($0) }
    }

    /// Splits `interface.Member` at its last dot when both parts are valid; nil otherwise.
    public static func split(qualified name: String) -> (interface: String, member: String)? {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let interface = name[..<dot]
        let member = name[name.utf8.index(after: dot)...]
        guard isValidInterface(interface), isValidMember(member) else { return nil }
        return (String(interface), String(member))
    }

    private static let hyphen = UInt8(ascii: "-")
    private static let dot = UInt8(ascii: ".")
    private static func isUppercase(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLetter(_ byte: UInt8) -> Bool { isUppercase(byte) || (byte >= 0x61 && byte <= 0x7A) }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
