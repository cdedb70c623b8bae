/// Schema version 2: every alarm raise is its own history row.
///
/// Version 1 let at most one alarm per kind be "open" (not both cleared and acknowledged), so a
/// self-clearing alarm that nobody acknowledged absorbed every later raise of its kind. Version 2
/// allows at most one *live* (not cleared) alarm per kind instead: a raise after the clear is a
/// new row. Rows are unchanged: any v1 history satisfies the new rule, so the migration only
/// swaps the unique index.
enum SchemaV2 {
    static let objects: [(type: String, name: String)] =
        SchemaV1.objects.filter { $0.name != "alarms_one_open_per_kind" } + [("index", "alarms_one_live_per_kind")]

    static let sql = """
        DROP INDEX alarms_one_open_per_kind;
        CREATE UNIQUE INDEX alarms_one_live_per_kind ON alarms (kind) WHERE cleared_at_ns IS NULL;
        """
}
