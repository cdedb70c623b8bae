/// A strict RFC 8259 parser over a byte array: one value, optional surrounding whitespace, UTF-8
/// validated, duplicate keys and lone surrogates refused, nesting bounded.
struct JSONParser {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0
    private var depth = 0
    /// Where each member value of the top-level object starts, when the value is an object; lets a
    /// message decoder point at the member that is wrong.
    private(set) var topLevelOffsets: [String: Int] = [:]

    init(_ bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw JSONParseError(.trailingData, at: index) }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func peek() throws(JSONParseError) -> UInt8 {
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, at: index) }
        return bytes[index]
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw JSONParseError(.unexpectedByte(byte, expected: "a JSON value"), at: index)
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        for expected in literal.utf8 {
            let byte = try peek()
            guard byte == expected else {
                throw JSONParseError(.unexpectedByte(byte, expected: "\"\(literal)\""), at: index)
            }
            index += 1
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(.nestingTooDeep(limit: maxDepth), at: index) }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONObject {
        try enterContainer()
        let isTopLevel = depth == 1
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return object
        }
        while true {
            skipWhitespace()
            let keyOffset = index
            let byte = try peek()
            guard byte == UInt8(ascii: "\"") else {
                throw JSONParseError(.unexpectedByte(byte, expected: "a string key"), at: index)
            }
            let key = try parseString()
            if object.contains(key) { throw JSONParseError(.duplicateKey(key), at: keyOffset) }
            skipWhitespace()
            let colon = try peek()
            guard colon == UInt8(ascii: ":") else {
                throw JSONParseError(.unexpectedByte(colon, expected: "':' after an object key"), at: index)
            }
            index += 1
            skipWhitespace()
            if isTopLevel { topLevelOffsets[key] = index }
            object[key] = try parseValue()
            skipWhitespace()
            let separator = try peek()
            index += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "}") { break }
            throw JSONParseError(.unexpectedByte(separator, expected: "',' or '}' in an object"), at: index - 1)
        }
        depth -= 1
        return object
    }

    private mutating func parseArray() throws(JSONParseError) -> [JSONValue] {
        try enterContainer()
        index += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return items
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            let separator = try peek()
            index += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "]") { break }
            throw JSONParseError(.unexpectedByte(separator, expected: "',' or ']' in an array"), at: index - 1)
        }
        depth -= 1
        return items
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Most strings have no escape: validated where they stand, they become a String in one copy.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<index - 1], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONParseError(.controlCharacterInString, at: index) }
            index += byte < 0x80 ? 1 : try validUTF8SequenceLength(at: index)
        }
        var utf8 = Array(bytes[start..<index])
        while true {
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, at: index) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0x00..<0x20:
                throw JSONParseError(.controlCharacterInString, at: index)
            case 0x20..<0x80:
                utf8.append(byte)
                index += 1
            default:
                let length = try validUTF8SequenceLength(at: index)
                utf8.append(contentsOf: bytes[index..<index + length])
                index += length
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
        let start = index
        index += 1  // backslash
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, at: index) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            let first = try parseHex4(escapeStart: start)
            var scalarValue = UInt32(first)
            if (0xD800..<0xDC00).contains(first) {
                let lowStart = index
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw JSONParseError(.invalidUnicodeEscape, at: start) }
                index += 2
                let second = try parseHex4(escapeStart: lowStart)
                guard (0xDC00..<0xE000).contains(second) else {
                    throw JSONParseError(.invalidUnicodeEscape, at: lowStart)
                }
                scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            } else if (0xDC00..<0xE000).contains(first) {
                throw JSONParseError(.invalidUnicodeEscape, at: start)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw JSONParseError(.invalidUnicodeEscape, at: start) }
            utf8.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw JSONParseError(.invalidEscape, at: start)
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw JSONParseError(.invalidUnicodeEscape, at: escapeStart) }
        var value: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(.invalidUnicodeEscape, at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }

    /// The length of the well-formed UTF-8 sequence (2–4 bytes) starting at `start` (Unicode table
    /// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    private func validUTF8SequenceLength(at start: Int) throws(JSONParseError) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONParseError(.invalidUTF8, at: start)
        }
        guard start + length <= bytes.count else { throw JSONParseError(.invalidUTF8, at: start) }
        guard secondRange.contains(bytes[start + 1]) else { throw JSONParseError(.invalidUTF8, at: start) }
        for position in (start + 2)..<(start + length) where !(0x80...0xBF).contains(bytes[position]) {
            throw JSONParseError(.invalidUTF8, at: start)
        }
        return length
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, at: index) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw JSONParseError(.invalidNumber, at: start) }
        } else if isDigit(bytes[index]) {
            skipDigits()
        } else {
            throw JSONParseError(.invalidNumber, at: start)
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONParseError(.invalidNumber, at: start) }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONParseError(.invalidNumber, at: start) }
            skipDigits()
        }
        let text = bytes[start..<index]
        if isInteger {
            guard let value = Self.exactInteger(text) else { throw JSONParseError(.integerOverflow, at: start) }
            return .integer(value)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            throw JSONParseError(.numberOutOfRange, at: start)
        }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    /// Decimal digits with an optional leading minus, accumulated negatively so Int64.min fits;
    /// nil on overflow.
    private static func exactInteger(_ text: ArraySlice<UInt8>) -> Int64? {
        var digits = text[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        var value: Int64 = 0
        for byte in digits {
            let (shifted, overflowMultiply) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowSubtract) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflowMultiply || overflowSubtract { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }
}
