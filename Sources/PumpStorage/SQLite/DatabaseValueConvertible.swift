/// A Swift value that binds to a statement parameter and reads back from a column.
///
/// `fromDatabaseValue` returns nil for NULL and for a value it cannot represent exactly (text
/// read as a number, a fraction read as an integer): the reader decides whether that is damage.
protocol DatabaseValueConvertible: Sendable {
    var databaseValue: DatabaseValue { get }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Self?
}

extension Int64: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { DatabaseValue(storage: .int64(self)) }

    static func fromDatabaseValue(_ value: DatabaseValue) -> Int64? {
        switch value.storage {
        case .int64(let number): return number
        case .double(let number): return Int64(exactly: number)
        default: return nil
        }
    }
}

extension Int: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { Int64(self).databaseValue }

    static func fromDatabaseValue(_ value: DatabaseValue) -> Int? {
        Int64.fromDatabaseValue(value).flatMap { Int(exactly: $0) }
    }
}

extension Bool: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { Int64(self ? 1 : 0).databaseValue }

    static func fromDatabaseValue(_ value: DatabaseValue) -> Bool? {
        switch value.storage {
        case .int64(let number): return number != 0
        case .double(let number): return number != 0
        default: return nil
        }
    }
}

extension String: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { DatabaseValue(storage: .string(self)) }

    static func fromDatabaseValue(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let text): return text
        case .blob(let bytes): return String(validating: bytes, as: UTF8.self)
        default: return nil
        }
    }
}

extension DatabaseValueConvertible {
    /// The first column of the first row: nil when there is no row or the value is NULL; throws
    /// when the value is not a `Self`.
    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> Self? {
        let cursor = DatabaseCursor(statement: try db.makeStatement(sql: sql, arguments: arguments)) { statement -> Self? in
            let value = statement.value(at: 0)
            return value.storage == .null ? nil : try decoded(value, column: statement.columnNames.first ?? "0")
        }
        return try cursor.first() ?? nil
    }

    /// The first column of every row; throws on NULL or a value that is not a `Self`.
    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Self] {
        try fetchCursor(db, sql: sql, arguments: arguments).all()
    }

    /// The first column of each row, one row per `next()`.
    static func fetchCursor(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> DatabaseCursor<Self> {
        DatabaseCursor(statement: try db.makeStatement(sql: sql, arguments: arguments)) { statement in
            try decoded(statement.value(at: 0), column: statement.columnNames.first ?? "0")
        }
    }

    static func decoded(_ value: DatabaseValue, column: String) throws -> Self {
        guard let decoded = fromDatabaseValue(value) else {
            throw RowDecodingError(column: column, found: value, expected: String(describing: Self.self))
        }
        return decoded
    }
}
