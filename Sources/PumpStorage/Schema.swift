/// The database schema and its versions.
///
/// `PRAGMA user_version` is the schema version every check reads (the compatibility check runs on
/// it before anything is migrated); `DatabaseMigrator` applies the versions in order, each
/// in one transaction that also sets `user_version`, so both always agree.
enum Schema {
    /// pumpd's `PRAGMA application_id`: "pump" in ASCII.
    static let applicationID: UInt32 = 0x7075_6D70
    /// The newest schema version this build reads and writes.
    static let version = 2
    /// Checkpoint ring size: the latest checkpoint and the seven before it.
    static let checkpointSlots: Int64 = 8

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: SchemaV1.sql)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: SchemaV2.sql)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return migrator
    }

    /// Schema objects that must exist at `version`: a missing trigger would silently make the
    /// history rewritable, so their absence is reported as damage.
    static let requiredObjects: [(type: String, name: String)] = SchemaV2.objects
}
