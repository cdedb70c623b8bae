/// Bytes that are not one strict RFC 8259 JSON value: what was wrong, and the byte offset (from 0)
/// in the parsed input where it was found.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The input ended inside a value (or held no value at all).
        case unexpectedEnd
        /// A byte that cannot start or continue what was being read; `expected` says what could.
        case unexpectedByte(UInt8, expected: String)
        /// A number that breaks the JSON number grammar (leading zeros, a bare `-`, `1.`, `1e`).
        case invalidNumber
        /// An integer (no fraction, no exponent) outside Int64.
        case integerOverflow
        /// A number with a fraction or exponent too large for a Double.
        case numberOutOfRange
        /// A backslash escape that JSON does not define.
        case invalidEscape
        /// A `\u` escape that is not four hex digits, or a UTF-16 surrogate without its pair.
        case invalidUnicodeEscape
        /// A byte sequence in a string that is not well-formed UTF-8.
        case invalidUTF8
        /// A raw control character (below 0x20) inside a string.
        case controlCharacterInString
        /// An object that names the same key twice.
        case duplicateKey(String)
        /// Arrays and objects nested deeper than the parser's limit.
        case nestingTooDeep(limit: Int)
        /// Bytes other than whitespace after the value.
        case trailingData
    }

    public var reason: Reason
    /// Byte offset from the start of the input.
    public var offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// What went wrong without the offset, e.g. `duplicate key "rate"`.
    public var message: String {
        switch reason {
        case .unexpectedEnd: "unexpected end of input"
        case .unexpectedByte(let byte, let expected): "unexpected \(Self.render(byte)), expected \(expected)"
        case .invalidNumber: "invalid number"
        case .integerOverflow: "integer does not fit in 64 bits"
        case .numberOutOfRange: "number out of range"
        case .invalidEscape: "invalid escape sequence"
        case .invalidUnicodeEscape: "invalid \\u escape or unpaired surrogate"
        case .invalidUTF8: "invalid UTF-8"
        case .controlCharacterInString: "unescaped control character in string"
        case .duplicateKey(let key): "duplicate key \"\(key)\""
        case .nestingTooDeep(let limit): "nesting deeper than \(limit)"
        case .trailingData: "unexpected data after the value"
        }
    }

    /// `byte 12: duplicate key "rate"`.
    public var description: String { "byte \(offset): \(message)" }

    /// Where `offset` lies in `input` (the bytes that were parsed), 1-based: lines split at `\n`,
    /// columns count characters (each byte that is not a UTF-8 continuation byte starts one).
    public func lineAndColumn(in input: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in input.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// `line 3, column 5 (byte 40): duplicate key "rate"`, for input a person wrote across lines.
    public func description(in input: some Collection<UInt8>) -> String {
        let (line, column) = lineAndColumn(in: input)
        return "line \(line), column \(column) (byte \(offset)): \(message)"
    }

    private static func render(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
