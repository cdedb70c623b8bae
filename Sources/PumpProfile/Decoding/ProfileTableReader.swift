/// Reads the keys of one table, reporting each problem to the decoder: missing, wrong type, out of
/// range, forbidden here; and, when the decoder finishes, every key nobody asked for.
final class ProfileTableReader {
    /// The table's key path, e.g. `sensors.occlusion`; empty for the root.
    let path: String
    let table: TOMLTable
    unowned let decoder: ProfileDecoder
    /// Keys valid here, in the order asked: the candidates for "did you mean".
    private var known: [String] = []
    /// For each of the table's entries (same index), whether it was dealt with (read, forbidden or
    /// deliberately skipped): only the table's own keys can be unknown, so a key not in it needs no mark.
    private var settled: [Bool]

    init(path: String, table: TOMLTable, decoder: ProfileDecoder) {
        self.path = path
        self.table = table
        self.decoder = decoder
        self.settled = Array(repeating: false, count: table.entries.count)
    }

    var location: SourceLocation { table.location }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The table as written in a header: `[sensors.occlusion]`, or the root.
    var displayName: String { path.isEmpty ? "the profile" : "[\(path)]" }

    func contains(_ key: String) -> Bool { table.index(of: key) != nil }

    /// Marks `key` dealt with; its entry, if the table has it.
    private func settle(_ key: String) -> TOMLEntry? {
        guard let position = table.index(of: key) else { return nil }
        settled[position] = true
        return table.entries[position]
    }

    /// The entry for `key`, after reporting it missing or forbidden as `presence` says.
    func entry(_ key: String, _ presence: Presence) -> TOMLEntry? {
        let entry = settle(key)
        switch presence {
        case .required:
            if !known.contains(key) { known.append(key) }
            if entry == nil { decoder.report(.missingKey, keyPath(key), at: location, "missing required key") }
        case .optional:
            if !known.contains(key) { known.append(key) }
        case .forbidden(let reason):
            if let entry { decoder.report(.notApplicable, keyPath(key), at: entry.keyLocation, reason) }
            return nil
        }
        return entry
    }

    /// Marks keys as handled without reading them (their meaning depends on a key that is wrong).
    func skip(_ keys: [String]) { for key in keys { _ = settle(key) } }

    /// Reports every key that nobody read, with a suggestion when one is close.
    func reportUnknownKeys() {
        for (position, entry) in table.entries.enumerated() where !settled[position] {
            let keyPath = keyPath(entry.key)
            let isSection = entry.value.table.map { $0.origin == .header || $0.origin == .implicit } ?? false
            var message = isSection ? "unknown table" : "unknown key"
            let suggestion = KeySuggestion.closest(to: entry.key, among: known)
            if let suggestion {
                if let unit = KeySuggestion.unitDifference(entry.key, suggestion) {
                    message += " (did you mean \(suggestion)? it takes \(unit): convert the value)"
                } else {
                    message += " (did you mean \(suggestion)?)"
                }
            } else if !known.isEmpty {
                message += "; \(displayName) takes: \(known.joined(separator: ", "))"
            }
            if let suggestion { decoder.withdrawMissing(self.keyPath(suggestion)) }  // the misspelling already says it
            let location = isSection ? entry.value.location : entry.keyLocation
            decoder.report(.unknownKey, keyPath, at: location, message, suggestion: suggestion)
        }
    }

    // MARK: Typed values

    private func wrongType(_ entry: TOMLEntry, expected: String, hint: String = "") {
        decoder.report(.wrongType, keyPath(entry.key), at: entry.value.location, "expected \(expected), found \(entry.value)\(hint)")
    }

    func integer(_ key: String, _ presence: Presence = .required, in range: ClosedRange<Int64>) -> Field<Int64>? {
        guard let entry = entry(key, presence) else { return nil }
        guard case .integer(let value) = entry.value.kind else {
            let hint = entry.value.float != nil ? " (whole numbers only: use the unit the key names)" : ""
            wrongType(entry, expected: "an integer", hint: hint)
            return nil
        }
        guard range.contains(value) else {
            decoder.report(.invalidValue, keyPath(key), at: entry.value.location, "\(value) is out of range: \(Self.describe(range, value))")
            return nil
        }
        return Field(value: value, keyPath: keyPath(key), location: entry.value.location)
    }

    /// Which bound `value` breaks.
    static func describe(_ range: ClosedRange<Int64>, _ value: Int64) -> String {
        guard value < range.lowerBound else { return "must be at most \(range.upperBound)" }
        switch range.lowerBound {
        case 1: return "must be greater than zero"
        case 0: return "must not be negative"
        default: return "must be at least \(range.lowerBound)"
        }
    }

    func boolean(_ key: String, _ presence: Presence = .required) -> Field<Bool>? {
        guard let entry = entry(key, presence) else { return nil }
        guard case .boolean(let value) = entry.value.kind else {
            wrongType(entry, expected: "a boolean (true or false)")
            return nil
        }
        return Field(value: value, keyPath: keyPath(key), location: entry.value.location)
    }

    /// A non-empty string.
    func string(_ key: String, _ presence: Presence = .required) -> Field<String>? {
        guard let entry = entry(key, presence) else { return nil }
        guard case .string(let value) = entry.value.kind else {
            wrongType(entry, expected: "a string")
            return nil
        }
        guard !value.isEmpty else {
            decoder.report(.invalidValue, keyPath(key), at: entry.value.location, "must not be empty")
            return nil
        }
        return Field(value: value, keyPath: keyPath(key), location: entry.value.location)
    }

    /// An absolute path.
    func path(_ key: String, _ presence: Presence = .required) -> Field<String>? {
        guard let field = string(key, presence) else { return nil }
        guard field.value.hasPrefix("/") else {
            decoder.report(.invalidValue, field.keyPath, at: field.location, "must be an absolute path, found \"\(field.value)\"")
            return nil
        }
        return field
    }

    /// One of `choices` (a string), as its enum case.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, _ presence: Presence = .required, as type: Choice.Type
    ) -> Field<Choice>? where Choice.RawValue == String {
        guard let field = string(key, presence) else { return nil }
        if let value = Choice(rawValue: field.value) {
            return Field(value: value, keyPath: field.keyPath, location: field.location)
        }
        let choices = Choice.allCases.map(\.rawValue)
        var message = "must be " + choices.dropLast().map { "\"\($0)\"" }.joined(separator: ", ")
            + (choices.count > 1 ? " or " : "") + "\"\(choices.last!)\", found \"\(field.value)\""
        if let suggestion = KeySuggestion.closest(to: field.value, among: choices) { message += " (did you mean \"\(suggestion)\"?)" }
        decoder.report(.invalidValue, field.keyPath, at: field.location, message)
        return nil
    }

    /// A sub-table (a `[header]` section or an inline table).
    func table(_ key: String, _ presence: Presence = .required) -> ProfileTableReader? {
        let isMissing = !contains(key)
        if case .required = presence, isMissing {
            if !known.contains(key) { known.append(key) }
            decoder.report(.missingKey, keyPath(key), at: location, "missing required table [\(keyPath(key))]")
            return nil
        }
        guard let entry = entry(key, presence) else { return nil }
        guard case .table(let sub) = entry.value.kind else {
            wrongType(entry, expected: "a table")
            return nil
        }
        return decoder.reader(path: keyPath(key), table: sub)
    }

    /// An array whose elements are read by `element` (given the element's value and key path).
    func array<Element>(
        _ key: String, _ presence: Presence = .required, element: (TOMLValue, String) -> Element?
    ) -> [Element]? {
        guard let entry = entry(key, presence) else { return nil }
        guard case .array(let items) = entry.value.kind else {
            wrongType(entry, expected: "an array")
            return nil
        }
        var elements: [Element] = []
        var complete = true
        for (index, item) in items.enumerated() {
            if let element = element(item, "\(keyPath(key))[\(index)]") { elements.append(element) } else { complete = false }
        }
        return complete ? elements : nil
    }
}
