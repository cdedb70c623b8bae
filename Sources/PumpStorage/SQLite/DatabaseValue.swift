/// One value as SQLite stores it, in its storage class (https://www.sqlite.org/datatype3.html).
struct DatabaseValue: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case null
        case int64(Int64)
        case double(Double)
        case string(String)
        case blob([UInt8])
    }

    let storage: Storage

    static let null = DatabaseValue(storage: .null)

    var description: String {
        switch storage {
        case .null: return "NULL"
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return String(reflecting: text)
        case .blob(let bytes): return "<\(bytes.count) bytes>"
        }
    }
}
