/// Applies named schema migrations in order, each once, recording each in the
/// `grdb_migrations` table (the table and format GRDB used, so databases it created migrate on).
///
/// Each migration runs in its own immediate transaction together with its record, with foreign
/// keys enforced: a failed migration leaves the schema as it was.
struct DatabaseMigrator {
    private var steps: [(identifier: String, migrate: (Database) throws -> Void)] = []

    /// The identifiers of the registered migrations, in order.
    var migrations: [String] { steps.map(\.identifier) }

    mutating func registerMigration(_ identifier: String, migrate: @escaping (Database) throws -> Void) {
        steps.append((identifier, migrate))
    }

    /// Applies, in order, every registered migration `db` does not record as applied.
    func migrate(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        for step in steps where !applied.contains(step.identifier) {
            try db.inTransaction(.immediate) {
                try step.migrate(db)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [step.identifier])
                return .commit
            }
        }
    }
}
