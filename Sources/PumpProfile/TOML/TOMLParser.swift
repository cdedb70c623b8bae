/// A TOML 1.0 parser for the subset rig profiles use: comments, `[table]` and `[[array]]` headers,
/// bare, quoted and dotted keys, basic and literal single-line strings, integers (decimal with `_`
/// separators, `0x`/`0o`/`0b`), floats, booleans, arrays (across lines) and inline tables.
/// Multi-line strings and dates are rejected with a message saying so.
///
/// Bounded for hostile input: no value sits deeper than `maximumDepth` levels below the root,
/// counting every table-header part, dotted-key part, array and inline table on the way, so neither
/// parsing nor anything that walks the document recursively can exhaust the stack; past the bound
/// parsing stops with an error at the bracket or key that crossed it.
///
/// Written for diagnostics: every value and key keeps its line and column, and each error names
/// what was expected at the exact position it was not found.
struct TOMLParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1

    /// The document, without the section being filled (`current`).
    private var root = TOMLTable(at: .start, origin: .header)
    /// The table the latest header opened; key/value lines go here.
    private var current = TOMLTable(at: .start, origin: .header)
    private var currentPath: [String] = []
    /// Levels below the root at the current position: header parts, dotted-key parts, open arrays
    /// and inline tables.
    var depth = 0

    /// How deep a value may sit; the shipped profiles use at most 4.
    static let maximumDepth = 64

    init(text: String) {
        // Sized once from the UTF-8 count (at least the scalar count): `Array(text.unicodeScalars)`
        // grew its buffer as it went.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        self.scalars = scalars
    }

    mutating func parseDocument() throws(TOMLSyntaxError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#": skipComment()
            case "\n", "\r": try consumeNewline()
            case "[":
                Self.store(current, at: currentPath[...], in: &root)
                depth = 0
                try parseHeader()
                try expectEndOfLine(after: "the table header")
            default:
                var section = current
                current = TOMLTable(at: .start, origin: .header)  // keeps `section` uniquely referenced
                depth = currentPath.count
                try parseKeyValue(into: &section)
                current = section
                try expectEndOfLine(after: "the value")
            }
        }
        Self.store(current, at: currentPath[...], in: &root)
        return root
    }

    // MARK: Position

    var location: SourceLocation { SourceLocation(line: line, column: column) }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// The scalars from `first` up to the current position, as one string: ASCII ones (keys,
    /// numbers, most strings) copied as bytes in one allocation rather than appended one by one.
    func string(from first: Int) -> String {
        let run = scalars[first..<index]
        guard run.allSatisfy({ $0.isASCII }) else {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: run)
            return String(text)
        }
        return String(unsafeUninitializedCapacity: run.count) { buffer in
            for offset in 0..<run.count { buffer[offset] = UInt8(truncatingIfNeeded: run[first + offset].value) }
            return run.count
        }
    }

    mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    mutating func skipWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { advance() }
    }

    mutating func skipComment() {
        while let scalar = peek(), scalar != "\n", scalar != "\r" { advance() }
    }

    /// Skips whitespace, comments and newlines (inside arrays).
    mutating func skipBlank() throws(TOMLSyntaxError) {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t": advance()
            case "#": skipComment()
            case "\n", "\r": try consumeNewline()
            default: return
            }
        }
    }

    mutating func consumeNewline() throws(TOMLSyntaxError) {
        if peek() == "\r" {
            guard peek(1) == "\n" else { throw TOMLSyntaxError("expected a newline after a carriage return", at: location) }
            advance()
        }
        advance()
    }

    /// After a key/value or header only a comment may follow on the line.
    mutating func expectEndOfLine(after what: String) throws(TOMLSyntaxError) {
        skipWhitespace()
        if peek() == "#" { skipComment() }
        guard let scalar = peek() else { return }
        guard scalar == "\n" || scalar == "\r" else {
            throw TOMLSyntaxError("expected a newline or a comment after \(what), found \(Self.describe(scalar))", at: location)
        }
        try consumeNewline()
    }

    /// How a character is named in a message.
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "the end of the file" }
        switch scalar {
        case "\n", "\r": return "the end of the line"
        case "'": return "\"'\""
        default:
            return scalar.value < 0x20 || scalar.value == 0x7F
                ? "control character U+\(String(scalar.value, radix: 16, uppercase: true))" : "'\(scalar)'"
        }
    }

    // MARK: Keys

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    /// A key: one or more simple keys joined by dots.
    mutating func parseKey() throws(TOMLSyntaxError) -> [TOMLKey] {
        var keys: [TOMLKey] = []
        while true {
            skipWhitespace()
            guard depth + keys.count < Self.maximumDepth else { throw Self.tooDeep(at: location) }
            keys.append(try parseSimpleKey())
            skipWhitespace()
            guard peek() == "." else { return keys }
            advance()
        }
    }

    mutating func parseSimpleKey() throws(TOMLSyntaxError) -> TOMLKey {
        let start = location
        switch peek() {
        case "\"": return TOMLKey(name: try parseBasicString(), location: start)
        case "'": return TOMLKey(name: try parseLiteralString(), location: start)
        default:
            let first = index
            while let scalar = peek(), Self.isBareKeyScalar(scalar) { advance() }
            guard index > first else {
                throw TOMLSyntaxError("expected a key (letters, digits, '_' and '-', or a quoted string), found \(Self.describe(peek()))", at: start)
            }
            return TOMLKey(name: string(from: first), location: start)
        }
    }

    static func text(of keys: some Collection<TOMLKey>) -> String {
        // Appended by hand: `joined(separator:)` runs unspecialised, looking its witnesses up at every call.
        var text = ""
        for (index, key) in keys.enumerated() {
            if index > 0 { text += "." }
            text += key.name.unicodeScalars.allSatisfy(isBareKeyScalar) && !key.name.isEmpty ? key.name : "\"\(key.name)\""
        }
        return text
    }

    // MARK: Key/value pairs

    /// `key = value`, into `table` (the current section or an inline table).
    mutating func parseKeyValue(into table: inout TOMLTable) throws(TOMLSyntaxError) {
        let keys = try parseKey()
        let enclosing = depth
        depth += keys.count
        defer { depth = enclosing }
        skipWhitespace()
        guard peek() == "=" else {
            throw TOMLSyntaxError("expected '=' after the key \(Self.text(of: keys)), found \(Self.describe(peek()))", at: location)
        }
        advance()
        skipWhitespace()
        let value = try parseValue()
        try Self.insert(value, at: keys[...], into: &table, written: keys)
    }

    /// Defines the last key of `keys`, creating a table for each earlier segment (dotted keys).
    static func insert(
        _ value: TOMLValue, at keys: ArraySlice<TOMLKey>, into table: inout TOMLTable, written: [TOMLKey]
    ) throws(TOMLSyntaxError) {
        let key = keys[keys.startIndex]
        // For error messages only: spelled out when one is thrown.
        var prefix: String { text(of: written[..<(written.count - keys.count + 1)]) }
        if keys.count == 1 {
            if let existing = table.entry(named: key.name) {
                throw TOMLSyntaxError("duplicate key \(prefix): already defined at \(existing.keyLocation)", at: key.location)
            }
            table.entries.append(TOMLEntry(key: key.name, keyLocation: key.location, value: value))
            return
        }
        if let position = table.index(of: key.name) {
            let existing = table.entries[position]
            guard case .table(var sub) = existing.value.kind, sub.origin == .dotted else {
                let what = existing.value.table.map { $0.origin == .inline ? "an inline table" : "a table with its own [header]" }
                    ?? existing.value.typeNameWithArticle
                throw TOMLSyntaxError(
                    "cannot add to \(prefix) with a dotted key: it is already \(what) (defined at \(existing.keyLocation))",
                    at: key.location)
            }
            try insert(value, at: keys.dropFirst(), into: &sub, written: written)
            table.entries[position].value.kind = .table(sub)
        } else {
            var sub = TOMLTable(at: key.location, origin: .dotted)
            try insert(value, at: keys.dropFirst(), into: &sub, written: written)
            table.entries.append(TOMLEntry(key: key.name, keyLocation: key.location, value: TOMLValue(.table(sub), at: key.location)))
        }
    }

    static func tooDeep(at location: SourceLocation) -> TOMLSyntaxError {
        TOMLSyntaxError(
            "nested deeper than \(maximumDepth) levels (table-header parts, dotted-key parts, arrays and inline tables "
                + "together); a rig profile needs a few", at: location)
    }

    // MARK: Headers

    mutating func parseHeader() throws(TOMLSyntaxError) {
        let start = location
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        let keys = try parseKey()
        let closing = isArray ? "]]" : "]"
        for expected in closing.unicodeScalars {
            guard peek() == expected else {
                throw TOMLSyntaxError(
                    "expected '\(closing)' to close the \(isArray ? "array-of-tables" : "table") header, found \(Self.describe(peek()))",
                    at: location)
            }
            advance()
        }
        try Self.open(keys[...], in: &root, isArray: isArray, header: start, written: keys)
        currentPath = keys.map(\.name)
        current = Self.table(at: currentPath[...], in: root)
    }

    /// Defines (or, for `[[…]]`, appends) the table a header names, creating implied parents.
    static func open(
        _ keys: ArraySlice<TOMLKey>, in table: inout TOMLTable, isArray: Bool, header: SourceLocation, written: [TOMLKey]
    ) throws(TOMLSyntaxError) {
        let key = keys[keys.startIndex]
        let isLast = keys.count == 1
        // For error messages only: spelled out when one is thrown.
        var path: String { text(of: written[..<(written.count - keys.count + 1)]) }
        guard let position = table.index(of: key.name) else {
            if isLast {
                let new = TOMLTable(at: header, origin: .header)
                let value = isArray
                    ? TOMLValue(.array([TOMLValue(.table(new), at: header)]), at: header, isTableArray: true)
                    : TOMLValue(.table(new), at: header)
                table.entries.append(TOMLEntry(key: key.name, keyLocation: key.location, value: value))
            } else {
                var sub = TOMLTable(at: header, origin: .implicit)
                try open(keys.dropFirst(), in: &sub, isArray: isArray, header: header, written: written)
                table.entries.append(TOMLEntry(key: key.name, keyLocation: key.location, value: TOMLValue(.table(sub), at: header)))
            }
            return
        }
        var value = table.entries[position].value
        let firstSeen = table.entries[position].keyLocation
        switch value.kind {
        case .table(var sub):
            if isLast {
                if isArray {
                    throw TOMLSyntaxError("cannot define [[\(path)]]: \(path) is already a table (defined at \(sub.location))", at: header)
                }
                switch sub.origin {
                case .implicit:
                    sub.origin = .header
                    sub.location = header
                case .header:
                    throw TOMLSyntaxError("table [\(path)] is defined twice (first at \(sub.location))", at: header)
                case .dotted:
                    throw TOMLSyntaxError("table [\(path)] was already defined by dotted keys at \(firstSeen)", at: header)
                case .inline:
                    throw TOMLSyntaxError("table [\(path)] was already defined as an inline table at \(firstSeen)", at: header)
                }
            } else {
                if sub.origin == .inline {
                    throw TOMLSyntaxError("cannot extend \(path): it is an inline table (defined at \(firstSeen))", at: header)
                }
                try open(keys.dropFirst(), in: &sub, isArray: isArray, header: header, written: written)
            }
            value.kind = .table(sub)
        case .array(var items) where value.isTableArray:
            if isLast {
                guard isArray else {
                    throw TOMLSyntaxError(
                        "[\(path)] is an array of tables (first at \(value.location)); write [[\(path)]] to add an element", at: header)
                }
                items.append(TOMLValue(.table(TOMLTable(at: header, origin: .header)), at: header))
            } else {
                guard case .table(var last) = items[items.count - 1].kind else { preconditionFailure("array of tables holds a non-table") }
                try open(keys.dropFirst(), in: &last, isArray: isArray, header: header, written: written)
                items[items.count - 1].kind = .table(last)
            }
            value.kind = .array(items)
        default:
            throw TOMLSyntaxError(
                "cannot use \(path) as a table: it is already \(value.typeNameWithArticle) (defined at \(firstSeen))",
                at: header)
        }
        table.entries[position].value = value
    }

    /// The table at `path`, descending into the last element of arrays of tables.
    static func table(at path: ArraySlice<String>, in table: TOMLTable) -> TOMLTable {
        guard let first = path.first else { return table }
        let value = table[first]!
        switch value.kind {
        case .table(let sub): return Self.table(at: path.dropFirst(), in: sub)
        case .array(let items): return Self.table(at: path.dropFirst(), in: items.last!.table!)
        default: preconditionFailure("header path \(path) does not lead to a table")
        }
    }

    /// Writes `section` back at `path` (the inverse of `table(at:in:)`).
    static func store(_ section: TOMLTable, at path: ArraySlice<String>, in table: inout TOMLTable) {
        guard let first = path.first else {
            table = section
            return
        }
        let position = table.index(of: first)!
        switch table.entries[position].value.kind {
        case .table(var sub):
            store(section, at: path.dropFirst(), in: &sub)
            table.entries[position].value.kind = .table(sub)
        case .array(var items):
            var last = items[items.count - 1].table!
            store(section, at: path.dropFirst(), in: &last)
            items[items.count - 1].kind = .table(last)
            table.entries[position].value.kind = .array(items)
        default: preconditionFailure("header path \(path) does not lead to a table")
        }
    }
}
