extension TOMLParser {
    mutating func parseValue() throws(TOMLSyntaxError) -> TOMLValue {
        let start = location
        switch peek() {
        case "\"":
            if peek(1) == "\"", peek(2) == "\"" {
                throw TOMLSyntaxError("multi-line strings (\"\"\") are not supported in rig profiles", at: start)
            }
            return TOMLValue(.string(try parseBasicString()), at: start)
        case "'":
            if peek(1) == "'", peek(2) == "'" {
                throw TOMLSyntaxError("multi-line strings (''') are not supported in rig profiles", at: start)
            }
            return TOMLValue(.string(try parseLiteralString()), at: start)
        case "[", "{":
            guard depth < Self.maximumDepth else { throw Self.tooDeep(at: start) }
            depth += 1
            defer { depth -= 1 }
            return peek() == "[" ? try parseArray() : try parseInlineTable()
        case nil, "\n", "\r", "#", ",", "]", "}":
            throw TOMLSyntaxError(
                "expected a value (a string, number, boolean, array or inline table), found \(Self.describe(peek()))", at: start)
        default:
            return try parseBareValue()
        }
    }

    // MARK: Strings

    /// A `"…"` string with escapes, on one line.
    mutating func parseBasicString() throws(TOMLSyntaxError) -> String {
        let start = location
        advance()
        // Unescaped runs are copied whole (`string(from:)`) when an escape or the closing quote ends them.
        var text = ""
        var run = index
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw TOMLSyntaxError("expected '\"' to close the string that starts at \(start), found \(Self.describe(peek()))", at: location)
            }
            switch scalar {
            case "\"":
                text += string(from: run)
                advance()
                return text
            case "\\":
                text += string(from: run)
                text.unicodeScalars.append(try parseEscape())
                run = index
            default:
                try checkNotControl(scalar)
                advance()
            }
        }
    }

    mutating func parseEscape() throws(TOMLSyntaxError) -> Unicode.Scalar {
        let start = location
        advance()
        guard let code = peek(), code != "\n", code != "\r" else {
            throw TOMLSyntaxError("expected an escape sequence after '\\', found \(Self.describe(peek()))", at: start)
        }
        advance()
        switch code {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = code == "u" ? 4 : 8
            var digits = ""
            for _ in 0..<count {
                guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                    throw TOMLSyntaxError("expected \(count) hexadecimal digits after '\\\(code)', found \(Self.describe(peek()))", at: location)
                }
                digits.unicodeScalars.append(digit)
                advance()
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw TOMLSyntaxError("\\\(code)\(digits) is not a Unicode scalar value", at: start)
            }
            return scalar
        default:
            throw TOMLSyntaxError(
                "invalid escape sequence '\\\(code)' (expected \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX or \\UXXXXXXXX)", at: start)
        }
    }

    /// A `'…'` string taken as written, on one line.
    mutating func parseLiteralString() throws(TOMLSyntaxError) -> String {
        let start = location
        advance()
        let first = index
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw TOMLSyntaxError("expected \"'\" to close the string that starts at \(start), found \(Self.describe(peek()))", at: location)
            }
            if scalar == "'" {
                let text = string(from: first)
                advance()
                return text
            }
            advance()
            try checkNotControl(scalar)
        }
    }

    func checkNotControl(_ scalar: Unicode.Scalar) throws(TOMLSyntaxError) {
        if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
            throw TOMLSyntaxError("\(Self.describe(scalar)) is not allowed in a string; write it as an escape", at: location)
        }
    }

    // MARK: Arrays and inline tables

    mutating func parseArray() throws(TOMLSyntaxError) -> TOMLValue {
        let start = location
        advance()
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            if peek() == "]" { break }
            items.append(try parseValue())
            try skipBlank()
            if peek() == "," {
                advance()
                continue
            }
            if peek() == "]" { break }
            throw TOMLSyntaxError(
                "expected ',' or ']' after an element of the array that starts at \(start), found \(Self.describe(peek()))", at: location)
        }
        advance()
        return TOMLValue(.array(items), at: start)
    }

    /// `{ key = value, … }` on one line (TOML 1.0: no newlines, no trailing comma).
    mutating func parseInlineTable() throws(TOMLSyntaxError) -> TOMLValue {
        let start = location
        advance()
        var table = TOMLTable(at: start, origin: .inline)
        skipWhitespace()
        if peek() == "}" {
            advance()
            return TOMLValue(.table(table), at: start)
        }
        while true {
            skipWhitespace()
            try parseKeyValue(into: &table)
            skipWhitespace()
            switch peek() {
            case ",":
                advance()
                skipWhitespace()
                switch peek() {
                case "}":
                    throw TOMLSyntaxError("expected a key after ',': an inline table has no trailing comma", at: location)
                case "\n", "\r", nil:
                    throw TOMLSyntaxError(
                        "expected a key after ',' on the same line: an inline table (opened at \(start)) must be on one line", at: location)
                default: break
                }
            case "}":
                advance()
                return TOMLValue(.table(table), at: start)
            case "\n", "\r", nil:
                throw TOMLSyntaxError(
                    "expected ',' or '}' before the end of the line: an inline table (opened at \(start)) must be on one line", at: location)
            default:
                throw TOMLSyntaxError("expected ',' or '}' in the inline table that starts at \(start), found \(Self.describe(peek()))", at: location)
            }
        }
    }

    // MARK: Booleans and numbers

    /// A value that is not a string, array or table: a boolean, number, inf or nan.
    mutating func parseBareValue() throws(TOMLSyntaxError) -> TOMLValue {
        let start = location
        let first = index
        while let scalar = peek(), Self.isTokenScalar(scalar) { advance() }
        let text = string(from: first)
        guard !text.isEmpty else {
            throw TOMLSyntaxError(
                "expected a value (a string, number, boolean, array or inline table), found \(Self.describe(peek()))", at: start)
        }
        switch text {
        case "true": return TOMLValue(.boolean(true), at: start)
        case "false": return TOMLValue(.boolean(false), at: start)
        case "inf", "+inf": return TOMLValue(.float(.infinity), at: start)
        case "-inf": return TOMLValue(.float(-.infinity), at: start)
        case "nan", "+nan", "-nan": return TOMLValue(.float(.nan), at: start)
        default: break
        }
        guard let first = text.unicodeScalars.first, ("0"..."9").contains(first) || first == "+" || first == "-" else {
            throw TOMLSyntaxError(
                "expected a value, found '\(text)' (strings must be quoted: \"\(text)\"; booleans are true or false)", at: start)
        }
        return TOMLValue(try Self.number(text, at: start), at: start)
    }

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "+", ".", ":": true
        default: false
        }
    }

    /// Whether `text` starts with `dddd-dd-dd` (decimal digits), as a TOML date does. By hand: a
    /// regex literal is compiled again at every evaluation, which cost pumpd's start-up ~1 ms.
    static func startsLikeADate(_ text: String) -> Bool {
        // Ten characters take at least ten bytes: most numbers end here, before any Unicode lookup.
        guard text.utf8.count >= 10 else { return false }
        // Ten ASCII bytes followed by an ASCII byte or nothing (no combining mark extending the
        // tenth) are the first ten characters (a "\r\n" among them, one character, matches neither
        // a digit nor '-', as neither of its bytes does): judged without a Unicode lookup. A
        // number's text is always ASCII (`isTokenScalar`). A plain loop: `zip` over the two UTF-8
        // views had its iterator's metadata built at run time, a conformance scan at the first number.
        var position = 0
        var matches = true
        var ascii = true
        for byte in text.utf8 {
            guard byte < 0x80 else {
                ascii = false
                break
            }
            if position == 10 { break }
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            if position == 4 || position == 7 ? byte != UInt8(ascii: "-") : !isDigit { matches = false }
            position += 1
        }
        if ascii { return matches }
        var characters = text.makeIterator()
        for expected in "dddd-dd-dd" {
            guard let character = characters.next() else { return false }
            let matches = expected == "d" ? character.isWholeNumber && character.wholeNumberValue.map { (0...9).contains($0) } == true : character == expected
            if !matches { return false }
        }
        return true
    }

    /// `text` (a bare value's ASCII token, `isTokenScalar`) as an integer or float, read byte by
    /// byte: the character-by-character reading it replaces, with its Unicode lookups, filtered
    /// copies and string-to-integer conversions, was a tenth of loading a profile.
    static func number(_ text: String, at start: SourceLocation) throws(TOMLSyntaxError) -> TOMLValue.Kind {
        var invalid: TOMLSyntaxError { TOMLSyntaxError("invalid number '\(text)'", at: start) }
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: ":")) || startsLikeADate(text) {
            throw TOMLSyntaxError("dates and times are not supported in rig profiles (found '\(text)')", at: start)
        }
        var body = bytes[...]
        var negative = false
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        if body.count >= 2, body[body.startIndex] == UInt8(ascii: "0") {
            let radix: (radix: UInt64, name: String)? = switch body[body.startIndex + 1] {
            case UInt8(ascii: "x"): (16, "hexadecimal")
            case UInt8(ascii: "o"): (8, "octal")
            case UInt8(ascii: "b"): (2, "binary")
            default: nil
            }
            if let (radix, name) = radix {
                guard body.count == bytes.count else {
                    throw TOMLSyntaxError("a \(name) integer cannot have a sign ('\(text)')", at: start)
                }
                let digits = body.dropFirst(2)
                guard isDigitRun(digits, radix: Int(radix)) else { throw invalid }
                guard let magnitude = magnitude(digits, radix: radix), magnitude <= UInt64(Int64.max) else {
                    throw TOMLSyntaxError("integer '\(text)' does not fit in 64 bits", at: start)
                }
                return .integer(Int64(magnitude))
            }
        }
        // Decimal: int-part [. frac] [e exp]
        let exponentStart = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentStart ?? body.endIndex)]
        let exponent = exponentStart.map { body[($0 + 1)...] }
        let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = mantissa[..<(dot ?? mantissa.endIndex)]
        let fraction = dot.map { mantissa[($0 + 1)...] }
        guard isDigitRun(integerPart, radix: 10) else { throw invalid }
        if integerPart.count > 1, integerPart.first == UInt8(ascii: "0") {
            throw TOMLSyntaxError("leading zeros are not allowed in '\(text)'", at: start)
        }
        if let fraction, !isDigitRun(fraction, radix: 10) { throw invalid }
        if var exponent {
            if let first = exponent.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
            guard isDigitRun(exponent, radix: 10) else { throw invalid }
        }
        if fraction == nil, exponent == nil {
            // -2^63 fits, +2^63 does not.
            guard let magnitude = magnitude(integerPart, radix: 10), magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) else {
                throw TOMLSyntaxError("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude))
        }
        guard let value = Double(text.filter { $0 != "_" }) else { throw invalid }
        return .float(value)
    }

    /// The value of a digit run (`isDigitRun`) of `radix`, underscores skipped; nil past 64 bits.
    static func magnitude(_ digits: ArraySlice<UInt8>, radix: UInt64) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits where byte != UInt8(ascii: "_") {
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: byte - UInt8(ascii: "A") + 10
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit))
            if overflow || carry { return nil }
            value = sum
        }
        return value
    }

    /// Digits of `radix`, with single underscores only between two digits.
    static func isDigitRun(_ text: Substring, radix: Int) -> Bool { isDigitRun(text.utf8, radix: radix) }

    /// `isDigitRun` over UTF-8: only ASCII bytes can qualify, so a text with any other character
    /// (or a "\r\n", neither of whose bytes is a digit or '_') is refused here as by characters.
    static func isDigitRun(_ text: some Collection<UInt8>, radix: Int) -> Bool {
        guard let first = text.first, first != UInt8(ascii: "_") else { return false }
        // One pass, no substring search (which costs a searcher's set-up per call): no "__", no
        // trailing '_', and every other byte a digit of `radix`.
        var afterUnderscore = false
        for byte in text {
            if byte == UInt8(ascii: "_") {
                if afterUnderscore { return false }
                afterUnderscore = true
            } else {
                let digit: Int = switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
                default: radix
                }
                guard digit < radix else { return false }
                afterUnderscore = false
            }
        }
        return !afterUnderscore
    }
}
