import PumpProfile
import Varlink

extension TOMLValue {
    /// The value as JSON for a Varlink call: tables become objects, arrays arrays; floats are
    /// refused (the API takes integers in core units), as is anything else JSON cannot carry.
    func json(at path: String) throws(ScenarioError.Problem.Partial) -> JSONValue {
        switch kind {
        case .string(let text): return .string(text)
        case .integer(let number): return .integer(number)
        case .boolean(let flag): return .bool(flag)
        case .float: throw .init(path: path, location: location, message: "floats are not accepted: the API takes whole numbers in the units its fields name (nL, ng, s)")
        case .array(let items):
            var values: [JSONValue] = []
            for (index, item) in items.enumerated() { values.append(try item.json(at: "\(path)[\(index)]")) }
            return .array(values)
        case .table(let table):
            var object = JSONObject()
            for entry in table.entries { object[entry.key] = try entry.value.json(at: path.isEmpty ? entry.key : "\(path).\(entry.key)") }
            return .object(object)
        }
    }
}

extension ScenarioError.Problem {
    /// A problem found below the decoder, before the file name is known.
    struct Partial: Error {
        var path: String
        var location: SourceLocation
        var message: String
    }
}
