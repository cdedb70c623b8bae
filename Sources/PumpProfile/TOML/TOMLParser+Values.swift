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
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw TOMLSyntaxError("expected '\"' to close the string that starts at \(start), found \(Self.describe(peek()))", at: location)
            }
            switch scalar {
            case "\"":
                advance()
                return String(text)
            case "\\":
                text.append(try parseEscape())
            default:
                try checkNotControl(scalar)
                text.append(scalar)
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
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw TOMLSyntaxError("expected \"'\" to close the string that starts at \(start), found \(Self.describe(peek()))", at: location)
            }
            advance()
            if scalar == "'" { return String(text) }
            try checkNotControl(scalar)
            text.append(scalar)
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
        var token = String.UnicodeScalarView()
        while let scalar = peek(), Self.isTokenScalar(scalar) {
            token.append(scalar)
            advance()
        }
        let text = String(token)
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
        var characters = text.makeIterator()
        for expected in "dddd-dd-dd" {
            guard let character = characters.next() else { return false }
            let matches = expected == "d" ? character.isWholeNumber && character.wholeNumberValue.map { (0...9).contains($0) } == true : character == expected
            if !matches { return false }
        }
        return true
    }

    static func number(_ text: String, at start: SourceLocation) throws(TOMLSyntaxError) -> TOMLValue.Kind {
        let invalid = TOMLSyntaxError("invalid number '\(text)'", at: start)
        if text.contains(":" as Character) || startsLikeADate(text) {
            throw TOMLSyntaxError("dates and times are not supported in rig profiles (found '\(text)')", at: start)
        }
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        for (prefix, radix, name) in [("0x", 16, "hexadecimal"), ("0o", 8, "octal"), ("0b", 2, "binary")] where body.hasPrefix(prefix) {
            guard text.first != "+", text.first != "-" else {
                throw TOMLSyntaxError("a \(name) integer cannot have a sign ('\(text)')", at: start)
            }
            let digits = body.dropFirst(2)
            guard isDigitRun(digits, radix: radix) else { throw invalid }
            guard let value = Int64(digits.filter { $0 != "_" }, radix: radix) else {
                throw TOMLSyntaxError("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }
        // Decimal: int-part [. frac] [e exp]
        let exponentStart = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentStart ?? body.endIndex)]
        let exponent = exponentStart.map { body[body.index(after: $0)...] }
        let dot = mantissa.firstIndex(of: ".")
        let integerPart = mantissa[..<(dot ?? mantissa.endIndex)]
        let fraction = dot.map { mantissa[mantissa.index(after: $0)...] }
        guard isDigitRun(integerPart, radix: 10) else { throw invalid }
        if integerPart.count > 1, integerPart.first == "0" {
            throw TOMLSyntaxError("leading zeros are not allowed in '\(text)'", at: start)
        }
        if let fraction, !isDigitRun(fraction, radix: 10) { throw invalid }
        if var exponent {
            if let first = exponent.first, first == "+" || first == "-" { exponent = exponent.dropFirst() }
            guard isDigitRun(exponent, radix: 10) else { throw invalid }
        }
        let cleaned = text.filter { $0 != "_" }
        if fraction == nil, exponent == nil {
            guard let value = Int64(sign + integerPart.filter { $0 != "_" }) else {
                throw TOMLSyntaxError("integer '\(text)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }
        guard let value = Double(cleaned) else { throw invalid }
        return .float(value)
    }

    /// Digits of `radix`, with single underscores only between two digits.
    static func isDigitRun(_ text: Substring, radix: Int) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_" else { return false }
        // One pass, no substring search (which costs a searcher's set-up per call): no "__", and every
        // other character a digit of `radix`.
        var afterUnderscore = false
        for character in text {
            if character == "_" {
                if afterUnderscore { return false }
                afterUnderscore = true
            } else {
                guard character.isASCII, let digit = character.hexDigitValue, digit < radix else { return false }
                afterUnderscore = false
            }
        }
        return true
    }
}
