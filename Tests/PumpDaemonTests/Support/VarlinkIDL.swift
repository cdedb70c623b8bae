import Foundation
import Varlink

/// The Varlink interface definitions the daemon serves, parsed far enough to check every reply
/// against them: which errors exist and what each error and method reply carries.
struct VarlinkIDL: Sendable {
    indirect enum TypeExpr: Sendable {
        case bool, int, float, string, object
        case named(String)
        case optional(TypeExpr)
        case array(TypeExpr)
        case map(TypeExpr)
        case enumeration(Set<String>)
        case structure([Field])
    }

    struct Field: Sendable {
        var name: String
        var type: TypeExpr
    }

    struct Method: Sendable {
        var input: [Field]
        var output: [Field]
    }

    /// Keyed by qualified name, e.g. `io.pumpd.Pump.Status`.
    private(set) var types: [String: TypeExpr] = [:]
    private(set) var methods: [String: Method] = [:]
    private(set) var errors: [String: [Field]] = [:]

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// io.pumpd.Pump and io.pumpd.Rig as written in the repository, plus org.varlink.service.
    static func served() throws -> VarlinkIDL {
        let folder = PumpDaemonProcessTests.repository.appendingPathComponent("Sources/PumpService/Interfaces")
        var idl = VarlinkIDL()
        for name in ["io.pumpd.Pump.varlink", "io.pumpd.Rig.varlink"] {
            try idl.add(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        try idl.add(orgVarlinkService)
        return idl
    }

    /// The standard interface every Varlink service answers (varlink.org).
    static let orgVarlinkService = """
        interface org.varlink.service
        method GetInfo() -> (vendor: string, product: string, version: string, url: string, interfaces: []string)
        method GetInterfaceDescription(interface: string) -> (description: string)
        error InterfaceNotFound (interface: string)
        error MethodNotFound (method: string)
        error MethodNotImplemented (method: string)
        error InvalidParameter (parameter: string)
        error PermissionDenied ()
        error ExpectedMore ()
        """

    // MARK: Checking

    /// What is wrong with `value` as a `type` of `interface` (empty when it conforms).
    func problems(_ value: JSONValue?, as type: TypeExpr, in interface: String, at path: String) -> [String] {
        if case .optional(let wrapped) = type {
            guard let value, !value.isNull else { return [] }
            return problems(value, as: wrapped, in: interface, at: path)
        }
        guard let value, !value.isNull else { return ["\(path): missing or null"] }
        switch type {
        case .bool: return value.boolValue == nil ? ["\(path): \(value.typeName), not bool"] : []
        case .int: return value.integerValue == nil ? ["\(path): \(value.typeName), not int"] : []
        case .float: return value.doubleValue == nil ? ["\(path): \(value.typeName), not float"] : []
        case .string: return value.stringValue == nil ? ["\(path): \(value.typeName), not string"] : []
        case .object: return value.objectValue == nil ? ["\(path): \(value.typeName), not object"] : []
        case .optional: return []
        case .named(let name):
            guard let resolved = types["\(interface).\(name)"] else { return ["\(path): unknown type \(name)"] }
            return problems(value, as: resolved, in: interface, at: path)
        case .array(let element):
            guard let items = value.arrayValue else { return ["\(path): \(value.typeName), not array"] }
            return items.enumerated().flatMap { problems($1, as: element, in: interface, at: "\(path)[\($0)]") }
        case .map(let element):
            guard let object = value.objectValue else { return ["\(path): \(value.typeName), not map"] }
            return object.members.flatMap { problems($0.value, as: element, in: interface, at: "\(path).\($0.key)") }
        case .enumeration(let cases):
            guard let text = value.stringValue, cases.contains(text) else { return ["\(path): \(value) is not one of \(cases.sorted())"] }
            return []
        case .structure(let fields):
            guard let object = value.objectValue else { return ["\(path): \(value.typeName), not object"] }
            return fieldProblems(object, fields, in: interface, at: path)
        }
    }

    /// Every declared field conforms and nothing undeclared is present.
    func fieldProblems(_ object: JSONObject, _ fields: [Field], in interface: String, at path: String) -> [String] {
        let declared = Set(fields.map(\.name))
        let extra = object.keys.filter { !declared.contains($0) }.map { "\(path.isEmpty ? "" : "\(path).")\($0): not declared" }
        return extra
            + fields.flatMap { field in
                problems(object[field.name], as: field.type, in: interface, at: path.isEmpty ? field.name : "\(path).\(field.name)")
            }
    }

    static func interface(of qualified: String) -> String {
        guard let dot = qualified.lastIndex(of: ".") else { return "" }
        return String(qualified[..<dot])
    }

    // MARK: Parsing

    private mutating func add(_ text: String) throws {
        var tokens = Tokens(text)
        guard tokens.next() == "interface", let interface = tokens.next() else { throw ParseError(description: "no interface line") }
        while let keyword = tokens.next() {
            guard let name = tokens.next() else { throw ParseError(description: "\(keyword) without a name") }
            switch keyword {
            case "type": types["\(interface).\(name)"] = try tokens.parenthesised()
            case "error":
                guard case .structure(let fields) = try tokens.parenthesised() else { throw ParseError(description: "error \(name)") }
                errors["\(interface).\(name)"] = fields
            case "method":
                guard case .structure(let input) = try tokens.parenthesised(), tokens.next() == "->",
                    case .structure(let output) = try tokens.parenthesised()
                else { throw ParseError(description: "method \(name)") }
                methods["\(interface).\(name)"] = Method(input: input, output: output)
            default: throw ParseError(description: "unexpected \(keyword)")
            }
        }
    }

    private struct Tokens {
        private var tokens: [String]
        private var index = 0

        init(_ text: String) {
            var tokens: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let code = line.prefix { $0 != "#" }
                var word = ""
                var characters = Array(code)
                var position = 0
                func flush() {
                    if !word.isEmpty { tokens.append(word) }
                    word = ""
                }
                while position < characters.count {
                    let character = characters[position]
                    if character == "-", position + 1 < characters.count, characters[position + 1] == ">" {
                        flush()
                        tokens.append("->")
                        position += 2
                        continue
                    }
                    if "(),:?[]".contains(character) {
                        flush()
                        tokens.append(String(character))
                    } else if character.isWhitespace {
                        flush()
                    } else {
                        word.append(character)
                    }
                    position += 1
                }
                flush()
                characters.removeAll()
            }
            self.tokens = tokens
        }

        mutating func next() -> String? {
            guard index < tokens.count else { return nil }
            defer { index += 1 }
            return tokens[index]
        }

        func peek(_ offset: Int = 0) -> String? { index + offset < tokens.count ? tokens[index + offset] : nil }

        mutating func expect(_ token: String) throws {
            let found = next()
            guard found == token else { throw ParseError(description: "expected \(token), found \(found ?? "end")") }
        }

        /// `( name: type, … )` or `( a, b, … )`.
        mutating func parenthesised() throws -> TypeExpr {
            try expect("(")
            if peek() == ")" {
                _ = next()
                return .structure([])
            }
            if peek(1) != ":" {
                var cases: Set<String> = []
                while true {
                    guard let name = next() else { throw ParseError(description: "unterminated enum") }
                    cases.insert(name)
                    let separator = next()
                    if separator == ")" { return .enumeration(cases) }
                    guard separator == "," else { throw ParseError(description: "bad enum separator \(separator ?? "end")") }
                }
            }
            var fields: [Field] = []
            while true {
                guard let name = next() else { throw ParseError(description: "unterminated struct") }
                try expect(":")
                fields.append(Field(name: name, type: try type()))
                let separator = next()
                if separator == ")" { return .structure(fields) }
                guard separator == "," else { throw ParseError(description: "bad field separator \(separator ?? "end")") }
            }
        }

        mutating func type() throws -> TypeExpr {
            switch peek() {
            case "?":
                _ = next()
                return .optional(try type())
            case "[":
                _ = next()
                if peek() == "]" {
                    _ = next()
                    return .array(try type())
                }
                try expect("string")
                try expect("]")
                return .map(try type())
            case "(":
                return try parenthesised()
            default:
                switch next() {
                case "bool": return .bool
                case "int": return .int
                case "float": return .float
                case "string": return .string
                case "object": return .object
                case let name?: return .named(name)
                case nil: throw ParseError(description: "missing type")
                }
            }
        }
    }
}
