import GRDB
@testable import PumpStorage
import Testing

@Suite("Schema migration")
struct SchemaMigrationTests {
    /// A database as a version-1 pumpd left it: v1 applied through GRDB's migrator, with alarm
    /// history (one closed alarm, one self-cleared and never acknowledged), events and delivery.
    static func makeVersion1(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: SchemaV1.sql)
            try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        try migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO alarms (kind, severity, raised_at_ns, evidence, cleared_at_ns, acknowledged_at_ns,
                    acknowledged_by_uid, acknowledged_by_pid, acknowledged_by_role)
                VALUES ('occlusion', 'critical', 10, 'p=150kPa', 30, 20, 1001, 4242, 'clinician');
                INSERT INTO alarms (kind, severity, raised_at_ns, evidence, cleared_at_ns)
                VALUES ('lowBattery', 'warning', 40, '3.3 V', 50);
                INSERT INTO events (wall_ns, utc_offset_s, kind, summary, detail) VALUES (60, 0, 'deliveryStarted', 'delivery started', '{}');
                INSERT INTO hourly_delivery (hour_start_ns, volume_nl, mass_ng) VALUES (0, 1234, 5678);
                """)
        }
        try queue.close()
    }

    @Test func aVersion1DatabaseMigratesWithItsHistoryIntact() throws {
        let directory = try TemporaryDirectory()
        try Self.makeVersion1(at: directory.databasePath)
        let database = try directory.open()
        #expect(try database.settings().schemaVersion == 2)
        let alarms = try database.alarms(fromWallNanoseconds: .min, toWallNanoseconds: .max)
        #expect(alarms.map(\.kind) == ["occlusion", "lowBattery"])
        #expect(alarms.first?.acknowledgedBy == Fixture.clinician)
        #expect(alarms.map(\.clearedAtWallNanoseconds) == [30, 50])
        #expect(try database.lastEvent()?.summary == "delivery started")
        #expect(try database.deliveredTotals() == DeliveryTotals(volumeNanolitres: 1234, massNanograms: 5678, hours: 1))

        // Under v1 this raise returned the self-cleared lowBattery row; now it is a row of its own.
        let again = try database.write { tx in
            try tx.raiseAlarm(kind: "lowBattery", severity: "warning", raisedAtWallNanoseconds: 70, evidence: "3.2 V")
        }
        #expect(try database.openAlarms().map(\.id) == [again])
        #expect(try database.alarms(fromWallNanoseconds: .min, toWallNanoseconds: .max).count == 3)
        database.close()

        // The migrated file opens again as a complete version-2 database.
        let reopened = try directory.open()
        #expect(try reopened.settings().schemaVersion == 2)
        #expect(try reopened.alarms(fromWallNanoseconds: .min, toWallNanoseconds: .max).count == 3)
    }

    @Test func version2AllowsOneLiveAlarmPerKindInRawSQL() throws {
        let directory = try TemporaryDirectory()
        try directory.open().close()
        let raw = try rawQueue(directory.databasePath)
        try raw.write { db in
            try db.execute(sql: "INSERT INTO alarms (kind, severity, raised_at_ns, evidence) VALUES ('occlusion', 'critical', 1, '')")
        }
        #expect(throws: DatabaseError.self) {
            try raw.write { db in
                try db.execute(sql: "INSERT INTO alarms (kind, severity, raised_at_ns, evidence) VALUES ('occlusion', 'critical', 2, '')")
            }
        }
        try raw.close()
    }
}
