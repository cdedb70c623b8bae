import Foundation
import GRDB
import PumpStorage
import Testing

/// The seal's sum over the hourly delivery: each write moves it by the rows it changed (its cost
/// does not grow with the history), and open still finds every row changed, removed or added.
@Suite("Hourly delivery seal") struct HourlySealTests {
    /// Hours written as a long run writes them: each checkpoint adds the new hours and grows the
    /// open one, and a wall clock set back grows earlier hours again.
    func databaseWrittenHourByHour() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for index in Int64(1)...60 {
            _ = try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall + index * Fixture.hour, volumeNanolitres: 10_000 + index, massNanograms: 20_000)
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall + index * Fixture.hour, volumeNanolitres: 7, massNanograms: 14)
                if index % 10 == 0 {
                    try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall + (index - 5) * Fixture.hour, volumeNanolitres: 250, massNanograms: 500)
                }
                try tx.saveCheckpoint(Fixture.checkpoint(index))
            }
            if index % 20 == 0 {
                // Reopened now and then: the sum continues from the seal the open verified.
                database.close()
                let reopened = try directory.open()
                reopened.close()
                return try continueWriting(directory, from: index)
            }
        }
        database.close()
        return directory
    }

    private func continueWriting(_ directory: TemporaryDirectory, from start: Int64) throws -> TemporaryDirectory {
        let database = try directory.open()
        for index in (start + 1)...(start + 30) {
            _ = try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall + index * Fixture.hour, volumeNanolitres: 3 * index, massNanograms: 6 * index)
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall + (index - 3) * Fixture.hour, volumeNanolitres: 1, massNanograms: 2)
                try tx.saveCheckpoint(Fixture.checkpoint(index))
            }
        }
        // A write that fails rolls back its rows and leaves the sum as it was.
        #expect(throws: StorageError.self) {
            try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall, volumeNanolitres: 99, massNanograms: 99)
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall, volumeNanolitres: -1, massNanograms: 0)
            }
        }
        database.close()
        return directory
    }

    @Test func aSealMovedByEveryWritesRowsMatchesTheWholeTableAtOpen() throws {
        let directory = try databaseWrittenHourByHour()
        let database = try directory.open()
        defer { database.close() }
        #expect(try database.hourlyDelivery(fromWallNanoseconds: 0, toWallNanoseconds: .max).count == 50)
    }

    /// Rows changed behind pumpd's back (triggers dropped, as a hand edit or a rotted page could).
    @Test(arguments: [
        "DELETE FROM hourly_delivery WHERE hour_start_ns = (SELECT max(hour_start_ns) FROM hourly_delivery)",
        "INSERT INTO hourly_delivery (hour_start_ns, volume_nl, mass_ng) VALUES (0, 1, 1)",
        "UPDATE hourly_delivery SET volume_nl = volume_nl + 1 WHERE hour_start_ns = (SELECT min(hour_start_ns) FROM hourly_delivery)",
        // Two hours' values swapped: the same rows' contents, in another order.
        """
        UPDATE hourly_delivery SET volume_nl = CASE hour_start_ns WHEN (SELECT min(hour_start_ns) FROM hourly_delivery)
            THEN (SELECT volume_nl FROM hourly_delivery ORDER BY hour_start_ns DESC LIMIT 1)
            ELSE (SELECT volume_nl FROM hourly_delivery ORDER BY hour_start_ns LIMIT 1) END
        WHERE hour_start_ns IN ((SELECT min(hour_start_ns) FROM hourly_delivery), (SELECT max(hour_start_ns) FROM hourly_delivery))
        """,
    ])
    func anHourRowChangedRemovedOrAddedIsRefused(sql: String) throws {
        let directory = try databaseWrittenHourByHour()
        let raw = try rawQueue(directory.databasePath)
        try raw.write { db in
            let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'hourly_delivery'")
            #expect(triggers.count == 2)
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger["name"] as String)") }
            try db.execute(sql: sql)
            // Put back as they were: only the rows differ.
            for trigger in triggers { try db.execute(sql: trigger["sql"] as String) }
        }
        try raw.close()
        guard case .rolledBack(_, let evidence)? = storageError({ _ = try directory.open() }) else {
            Issue.record("the altered hourly delivery was not refused")
            return
        }
        #expect(evidence.contains { $0.contains("hourly_delivery differs") }, "\(evidence)")
    }
}
