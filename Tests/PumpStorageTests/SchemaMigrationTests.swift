import GRDB
import PumpStorage
import Testing

@Suite("Schema migration")
struct SchemaMigrationTests {
    /// A database as a version-1 pumpd left it, with alarm history (one closed alarm, one
    /// self-cleared and never acknowledged), an event and delivery. Written through this build's
    /// API (so whatever pumpd keeps beside the file stays consistent with it), then taken back to
    /// version 1's schema in raw SQL: v1's index, v1's migration record and user_version, rows
    /// untouched.
    static func makeVersion1(in directory: TemporaryDirectory) throws {
        let database = try directory.open()
        try database.write { tx in
            try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 10, evidence: "p=150kPa")
            try tx.acknowledgeAlarm(kind: "occlusion", atWallNanoseconds: 20, by: Fixture.clinician)
            try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 30)
            try tx.raiseAlarm(kind: "lowBattery", severity: "warning", raisedAtWallNanoseconds: 40, evidence: "3.3 V")
            try tx.clearAlarm(kind: "lowBattery", atWallNanoseconds: 50)
            _ = try tx.appendEvent(wallNanoseconds: 60, utcOffsetSeconds: 0, kind: "deliveryStarted", summary: "delivery started", detail: "{}", actor: nil)
            try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: 1234, massNanograms: 5678)
        }
        database.close()
        let raw = try rawQueue(directory.databasePath)
        try raw.writeWithoutTransaction { db in
            try db.execute(sql: """
                BEGIN;
                DROP INDEX alarms_one_live_per_kind;
                CREATE UNIQUE INDEX alarms_one_open_per_kind ON alarms (kind) WHERE cleared_at_ns IS NULL OR acknowledged_at_ns IS NULL;
                DELETE FROM grdb_migrations WHERE identifier = 'v2';
                PRAGMA user_version = 1;
                COMMIT;
                """)
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 1)
        }
        try raw.close()
    }

    @Test func aVersion1DatabaseMigratesWithItsHistoryIntact() throws {
        let directory = try TemporaryDirectory()
        try Self.makeVersion1(in: directory)
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
