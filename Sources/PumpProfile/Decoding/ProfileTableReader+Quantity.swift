import PumpCore

extension ProfileTableReader {
    /// A quantity written as a string in the one unit grammar (`"2000ug/mL"`, `"1h"`), as its wire
    /// integer (`QuantityKind.wireUnit`); a bare number is an error, since no file guesses a unit.
    func quantity(_ key: String, _ presence: Presence = .required, as kind: QuantityKind) -> Field<Int64>? {
        guard let entry = entry(key, presence) else { return nil }
        return quantity(entry.value, keyPath: keyPath(key), as: kind)
    }

    /// `value` (an array element, an inline table's member) read as a quantity of `kind`.
    func quantity(_ value: TOMLValue, keyPath: String, as kind: QuantityKind) -> Field<Int64>? {
        guard let text = value.string else {
            let hint = value.integer != nil || value.float != nil ? ": write the number with its unit as a string, e.g. \"\(kind.example)\"" : ""
            decoder.report(.wrongType, keyPath, at: value.location, "expected a \(kind) as a string with its unit, found \(value)\(hint)")
            return nil
        }
        do {
            return Field(value: try QuantityParser.parse(text, as: kind), keyPath: keyPath, location: value.location)
        } catch {
            decoder.report(.invalidValue, keyPath, at: value.location, error.description)
            return nil
        }
    }
}
