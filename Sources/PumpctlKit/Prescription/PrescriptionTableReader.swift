import PumpCore
import PumpProfile

/// Reads one table of a prescription file: each key's value with its type and unit checked, and
/// the keys the table does not know refused with a did-you-mean.
struct PrescriptionTableReader {
    let table: TOMLTable
    /// The table's dotted path (`limits`), empty for the root.
    let path: String

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, at location: SourceLocation, _ message: String) -> PrescriptionDocumentError {
        PrescriptionDocumentError(line: location.line, column: location.column, key: keyPath(key), message: message)
    }

    /// Refuses any key not in `known`, suggesting the closest.
    func onlyKeys(_ known: [String]) throws(PrescriptionDocumentError) {
        for entry in table.entries where !known.contains(entry.key) {
            let hint = ClosestMatch.didYouMean(entry.key, among: known).map { "; \($0)" } ?? ""
            throw error(entry.key, at: entry.keyLocation, "is not a known key\(hint) (the keys here are \(known.joined(separator: ", ")))")
        }
    }

    /// Where an absent key is reported: the table's own place.
    private var here: SourceLocation { table.location }

    func string(_ key: String) throws(PrescriptionDocumentError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw error(key, at: value.location, "expected a string, found \(value.typeNameWithArticle)") }
        return text
    }

    func requiredString(_ key: String) throws(PrescriptionDocumentError) -> String {
        guard let text = try string(key) else { throw error(key, at: here, "is missing") }
        return text
    }

    /// A quantity written as a string in the one grammar (`"500 µg"`), as its wire integer.
    func quantity(_ key: String, _ parse: (String) throws(QuantityParseError) -> Int64) throws(PrescriptionDocumentError) -> Int64? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else {
            throw error(key, at: value.location, "expected a quantity with its unit as a string (e.g. \"500 µg\"), found \(value.description)")
        }
        do {
            return try parse(text)
        } catch let failure {
            throw error(key, at: value.location, failure.description)
        }
    }

    func requiredQuantity(_ key: String, _ parse: (String) throws(QuantityParseError) -> Int64) throws(PrescriptionDocumentError) -> Int64 {
        guard let value = try quantity(key, parse) else { throw error(key, at: here, "is missing") }
        return value
    }

    func requiredInteger(_ key: String) throws(PrescriptionDocumentError) -> Int64 {
        guard let value = table[key] else { throw error(key, at: here, "is missing") }
        guard let number = value.integer else { throw error(key, at: value.location, "expected an integer, found \(value.description)") }
        return number
    }

    /// A subtable, nil when absent.
    func subtable(_ key: String) throws(PrescriptionDocumentError) -> PrescriptionTableReader? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw error(key, at: value.location, "expected a table ([\(keyPath(key))]), found \(value.typeNameWithArticle)") }
        return PrescriptionTableReader(table: sub, path: keyPath(key))
    }

    /// A daily schedule: one string of comma-separated steps, or an array of step strings.
    func schedule(_ key: String) throws(PrescriptionDocumentError) -> DailySchedule? {
        guard let value = table[key] else { return nil }
        let text: String
        if let single = value.string {
            text = single
        } else if let items = value.array {
            var steps: [String] = []
            for item in items {
                guard let step = item.string else { throw error(key, at: item.location, "expected each step as a string \"START=RATE\", found \(item.description)") }
                steps.append(step)
            }
            text = steps.joined(separator: ",")
        } else {
            throw error(key, at: value.location, "expected the schedule as steps \"START=RATE\" (a string or an array of strings), found \(value.description)")
        }
        do {
            return try ScheduleText.parse(text)
        } catch let failure {
            throw error(key, at: value.location, failure.description)
        }
    }
}
