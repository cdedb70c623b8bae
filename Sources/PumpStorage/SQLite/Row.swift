/// One result row: its columns' names and values, in the statement's column order.
struct Row: Sendable, Sequence, CustomStringConvertible {
    let columns: [String]
    let values: [DatabaseValue]

    func makeIterator() -> Zip2Sequence<[String], [DatabaseValue]>.Iterator {
        zip(columns, values).makeIterator()
    }

    /// The value of column `index`, or nil when it is NULL, absent or not a `T`.
    subscript<T: DatabaseValueConvertible>(index: Int) -> T? {
        values.indices.contains(index) ? T.fromDatabaseValue(values[index]) : nil
    }

    /// The value of the column named `column`, or nil when it is NULL, absent or not a `T`.
    subscript<T: DatabaseValueConvertible>(column: String) -> T? {
        columns.firstIndex(of: column).flatMap { self[$0] }
    }

    /// The value of `column`; throws `RowDecodingError` when it is absent, NULL or not a `T`.
    func decode<T: DatabaseValueConvertible>(_ type: T.Type = T.self, forColumn column: String) throws -> T {
        try T.decoded(value(column), column: column)
    }

    /// The value of `column`, nil for NULL; throws `RowDecodingError` when it is absent or not a `T`.
    func decode<T: DatabaseValueConvertible>(_ type: T?.Type, forColumn column: String) throws -> T? {
        let value = try value(column)
        return value.storage == .null ? nil : try T.decoded(value, column: column)
    }

    private func value(_ column: String) throws -> DatabaseValue {
        guard let index = columns.firstIndex(of: column) else {
            throw RowDecodingError(column: column, found: .null, expected: "a column named \(column)")
        }
        return values[index]
    }

    var description: String {
        "[" + zip(columns, values).map { "\($0):\($1)" }.joined(separator: " ") + "]"
    }

    /// The first row, or nil when there is none.
    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> Row? {
        try fetchCursor(db, sql: sql, arguments: arguments).first()
    }

    /// Every row.
    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try fetchCursor(db, sql: sql, arguments: arguments).all()
    }

    /// The rows, one per `next()`.
    static func fetchCursor(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> DatabaseCursor<Row> {
        DatabaseCursor(statement: try db.makeStatement(sql: sql, arguments: arguments)) { $0.row() }
    }
}
