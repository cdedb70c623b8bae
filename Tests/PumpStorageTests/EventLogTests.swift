import GRDB
import PumpStorage
import Testing

@Suite("Event log")
struct EventLogTests {
    @Test func appendedEventsReadBackWithStrictlyIncreasingSequence() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        var sequences: [Int64] = []
        for second in 0..<5 {
            sequences.append(
                try database.write { tx in try Fixture.event(tx, kind: "tick", atSecond: Int64(second)) })
        }
        // Several in one transaction too.
        sequences += try database.write { tx in
            [try Fixture.event(tx, kind: "tick", atSecond: 5), try Fixture.event(tx, kind: "tick", atSecond: 6)]
        }
        #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 })
        let events = try database.events()
        #expect(events.map(\.sequence) == sequences)
        #expect(try database.lastEvent()?.sequence == sequences.last)
        let first = try #require(events.first)
        #expect(first.wallNanoseconds == Fixture.baseWall)
        #expect(first.utcOffsetSeconds == 3_600)
        #expect(first.summary == "tick at +0 s")
        #expect(first.detail == #"{"second":0}"#)
        #expect(first.actor == nil)
    }

    @Test func eventKeepsItsActor() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in try Fixture.event(tx, kind: "programCommitted", atSecond: 1, actor: Fixture.clinician) }
        #expect(try database.lastEvent()?.actor == Fixture.clinician)
    }

    @Test func rawSQLCannotUpdateOrDeleteEvents() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in try Fixture.event(tx, kind: "tick", atSecond: 0) }
        let before = try database.events()

        let raw = try rawQueue(directory.databasePath)
        #expect(throws: DatabaseError.self) {
            try raw.write { db in try db.execute(sql: "UPDATE events SET summary = 'rewritten'") }
        }
        #expect(throws: DatabaseError.self) {
            try raw.write { db in try db.execute(sql: "DELETE FROM events") }
        }
        try raw.close()
        #expect(try database.events() == before)
    }

    @Test func rawSQLCannotRewriteOtherHistory() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in
            try tx.commitPrescription(
                document: "{}", summary: "{}", confirmationToken: "t", committedAtWallNanoseconds: 0,
                actor: Fixture.clinician)
            try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: 10, massNanograms: 20)
            try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 0, evidence: "p")
        }
        let raw = try rawQueue(directory.databasePath)
        for sql in [
            "UPDATE prescriptions SET document = '{\"rate\":99}'", "DELETE FROM prescriptions",
            "UPDATE hourly_delivery SET volume_nl = 0", "DELETE FROM hourly_delivery",
            "UPDATE alarms SET severity = 'info'", "DELETE FROM alarms",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") { try raw.write { db in try db.execute(sql: sql) } }
        }
        try raw.close()
    }

    @Test func eventsFilterByHalfOpenWallTimeRange() throws {
        let database = try Self.logOfTenEvents()
        let events = try database.database.events(
            fromWallNanoseconds: Fixture.baseWall + 2 * Fixture.second,
            toWallNanoseconds: Fixture.baseWall + 5 * Fixture.second)
        #expect(events.map(\.wallNanoseconds) == [2, 3, 4].map { Fixture.baseWall + $0 * Fixture.second })
    }

    @Test func eventsFilterByKindLimitAndSequence() throws {
        let log = try Self.logOfTenEvents()
        let database = log.database
        let alarms = try database.events(kinds: ["alarmRaised"])
        #expect(alarms.map(\.kind) == Array(repeating: "alarmRaised", count: 5))
        #expect(alarms.map(\.sequence) == stride(from: 1, to: 10, by: 2).map { log.sequences[$0] })

        let two = try database.events(kinds: ["alarmRaised", "tick"], limit: 2)
        #expect(two.map(\.sequence) == Array(log.sequences.prefix(2)))

        let nextPage = try database.events(limit: 3, afterSequence: log.sequences[6])
        #expect(nextPage.map(\.sequence) == Array(log.sequences[7...9]))

        #expect(try database.events(kinds: []).isEmpty)
        #expect(try database.events(limit: 0).isEmpty)
        #expect(try database.events(kinds: ["unknown"]).isEmpty)
        guard case .invalidValue(let field, _)? = storageError({ _ = try database.events(limit: -1) }) else {
            Issue.record("expected invalidValue")
            return
        }
        #expect(field == "limit")
    }

    @Test func keepingNewestReturnsTheLastEventsOfTheRangeOldestFirst() throws {
        let log = try Self.logOfTenEvents()
        let newest = try log.database.events(limit: 3, keepingNewest: true)
        #expect(newest.map(\.sequence) == Array(log.sequences[7...9]))
        let newestAlarms = try log.database.events(
            toWallNanoseconds: Fixture.baseWall + 8 * Fixture.second, kinds: ["alarmRaised"], limit: 2, keepingNewest: true)
        #expect(newestAlarms.map(\.sequence) == [log.sequences[5], log.sequences[7]])
        #expect(try log.database.events(limit: 20, keepingNewest: true).map(\.sequence) == log.sequences)
    }

    @Test func eventWithInvalidDetailOrOffsetIsRefusedAndNothingWritten() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let notJSON = storageError {
            try database.write { tx in
                try Fixture.event(tx, kind: "tick", atSecond: 0)
                try tx.appendEvent(
                    wallNanoseconds: 0, utcOffsetSeconds: 0, kind: "tick", summary: "", detail: "{not json", actor: nil)
            }
        }
        #expect(notJSON == .invalidValue(field: "detail", reason: "it is not a JSON document"))
        guard case .invalidValue(let field, _)? = storageError({
            try database.write { tx in
                _ = try tx.appendEvent(wallNanoseconds: 0, utcOffsetSeconds: 20 * 3_600, kind: "tick", summary: "", actor: nil)
            }
        }) else {
            Issue.record("expected invalidValue")
            return
        }
        #expect(field == "utcOffsetSeconds")
        #expect(try database.events().isEmpty)
    }

    /// Ten events one second apart, alternating "tick" and "alarmRaised".
    static func logOfTenEvents() throws -> (database: PumpDatabase, sequences: [Int64], directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let sequences = try database.write { tx in
            try (0..<10).map { second in
                try Fixture.event(tx, kind: second % 2 == 0 ? "tick" : "alarmRaised", atSecond: Int64(second))
            }
        }
        return (database, sequences, directory)
    }
}
