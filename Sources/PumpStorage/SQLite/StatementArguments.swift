/// The values bound to a statement's `?` parameters, in order; nil binds NULL.
struct StatementArguments: ExpressibleByArrayLiteral, Sendable {
    var values: [(any DatabaseValueConvertible)?]

    init(_ values: [(any DatabaseValueConvertible)?]) {
        self.values = values
    }

    init(_ values: some Sequence<some DatabaseValueConvertible>) {
        self.values = values.map { $0 }
    }

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        self.values = elements
    }

    static func + (arguments: StatementArguments, more: StatementArguments) -> StatementArguments {
        StatementArguments(arguments.values + more.values)
    }

    static func += (arguments: inout StatementArguments, more: StatementArguments) {
        arguments.values += more.values
    }
}
