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

    /// The first row's element (nil when there is none), ending the statement there.
    func first() throws -> Element? {
        defer { finished = true }
        guard let element = try next() else { return nil }
        try statement.reset()
        return element
    }

    /// Every remaining row's element.
    func all() throws -> [Element] {
        var elements: [Element] = []
        while let element = try next() { elements.append(element) }
        return elements
    }
}
