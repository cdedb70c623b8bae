/// The rows of one statement, read one `next()` at a time (for results too long to hold at once).
final class DatabaseCursor<Element> {
    private let statement: Statement
    private let element: (Statement) throws -> Element
    private var finished = false

    init(statement: Statement, element: @escaping (Statement) throws -> Element) {
        self.statement = statement
        self.element = element
    }

    /// The next row's element, or nil after the last row.
    func next() throws -> Element? {
        if finished { return nil }
        guard try statement.step() else {
            finished = true
            return nil
        }
        return try element(statement)
    }
}
