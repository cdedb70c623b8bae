import PumpCore
import PumpProfile
import Varlink

/// Reads one table of a scenario file for ``ScenarioDecoder``: typed keys with their problems
/// reported at the key's place, and at the end every key nobody read.
final class ScenarioTable {
    let path: String
    let table: TOMLTable
    private unowned let decoder: ScenarioDecoder
    private var read: Set<String> = []

    init(path: String, table: TOMLTable, decoder: ScenarioDecoder) {
        self.path = path
        self.table = table
        self.decoder = decoder
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { table.entry(named: key) != nil }

    /// Counts `key` as read (its value is read elsewhere).
    func markRead(_ key: String) { read.insert(key) }

    /// Where `key`'s value is written; the table's header when the key is absent.
    func location(of key: String) -> SourceLocation { table.entry(named: key)?.value.location ?? table.location }

    private func entry(_ key: String, required: Bool) -> TOMLEntry? {
        read.insert(key)
        guard let entry = table.entry(named: key) else {
            if required { decoder.report(keyPath(key), at: table.location, "missing required key") }
            return nil
        }
        return entry
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let entry = entry(key, required: required) else { return nil }
        guard let text = entry.value.string, !text.isEmpty else {
            decoder.report(keyPath(key), at: entry.value.location, "expected a non-empty string, found \(entry.value)")
            return nil
        }
        return text
    }

    /// A string that must be one of `names` (an alarm kind), read as pumpctl reads one (any case,
    /// `-` and `_` ignored: ``NameSpelling``) and given back spelt as `names` spell it; refused
    /// with a did-you-mean when it is none of them.
    func name(_ key: String, required: Bool = false, among names: [String], what: String) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard let name = NameSpelling.resolve(text, among: names) else {
            let guess = ScenarioDecoder.hint(text, among: names)
            decoder.report(keyPath(key), at: location(of: key), "no \(what) \"\(text)\"; \(guess)the \(what)s: \(names.joined(separator: ", "))")
            return nil
        }
        return name
    }

    func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int64>) -> Int64? {
        guard let entry = entry(key, required: required) else { return nil }
        guard let number = entry.value.integer else {
            decoder.report(keyPath(key), at: entry.value.location, "expected a whole number, found \(entry.value)")
            return nil
        }
        guard range.contains(number) else {
            decoder.report(keyPath(key), at: entry.value.location, "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return number
    }

    func boolean(_ key: String) -> Bool? {
        guard let entry = entry(key, required: false) else { return nil }
        guard let flag = entry.value.boolean else {
            decoder.report(keyPath(key), at: entry.value.location, "expected true or false, found \(entry.value)")
            return nil
        }
        return flag
    }

    func subtable(_ key: String) -> ScenarioTable? {
        guard let entry = entry(key, required: false) else { return nil }
        guard let table = entry.value.table else {
            decoder.report(keyPath(key), at: entry.value.location, "expected a table, found \(entry.value)")
            return nil
        }
        return ScenarioTable(path: keyPath(key), table: table, decoder: decoder)
    }

    /// The value of `key` as JSON (a table of call parameters, faults, a prescription).
    func json(_ key: String) -> JSONValue? {
        guard let entry = entry(key, required: false) else { return nil }
        do { return try entry.value.json(at: keyPath(key)) } catch {
            decoder.report(error.path, at: error.location, error.message)
            return nil
        }
    }

    /// The whole table as a JSON object.
    func asJSONObject() -> JSONObject? {
        read.formUnion(table.keys)
        do { return try TOMLValue(.table(table), at: table.location).json(at: path).objectValue } catch {
            decoder.report(error.path, at: error.location, error.message)
            return nil
        }
    }

    /// Reports every key of the table that nobody read and that it does not take, with the one it
    /// most likely meant (``ClosestMatch``) and the keys it takes. (A key it takes may go unread
    /// when another problem, already reported, made it moot.)
    func reportUnknownKeys(takes known: [String]) {
        for entry in table.entries where !read.contains(entry.key) && !known.contains(entry.key) {
            let guess = ScenarioDecoder.hint(entry.key, among: known)
            decoder.report(keyPath(entry.key), at: entry.keyLocation, "unknown key; \(guess)this table takes: \(known.joined(separator: ", "))")
        }
    }
}
