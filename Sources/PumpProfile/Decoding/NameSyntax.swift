/// The ASCII name syntaxes the profile checks, matched byte by byte. (A `Regex` literal did the
/// same, but building and running it on first use cost pumpd's start more than the whole rest of
/// the `[access]` table.)
enum NameSyntax {
    /// A user or group name: `[a-z_][a-z0-9_-]{0,30}\$?` (the shadow-utils convention).
    static func isAccountName<Name: StringProtocol>(_ name: Name) -> Bool {
        var bytes = Array(name.utf8)[...]
        if bytes.last == UInt8(ascii: "$") { bytes = bytes.dropLast() }
        guard let first = bytes.first, isLowercaseLetter(first) || first == UInt8(ascii: "_"), bytes.count <= 31 else { return false }
        return bytes.dropFirst().allSatisfy { isLowercaseLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// An IIO channel name: `[A-Za-z0-9_-]+`.
    static func isChannelName(_ name: String) -> Bool {
        !name.utf8.isEmpty && name.utf8.allSatisfy {
            isLowercaseLetter($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || isDigit($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
