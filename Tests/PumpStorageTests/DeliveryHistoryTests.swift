import PumpStorage
import Testing

@Suite("Hourly delivery")
struct DeliveryHistoryTests {
    @Test func addingToAnHourAddsToItsTotals() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let hour = Fixture.baseWall
        try database.write { tx in
            try tx.addHourlyDelivery(hourStartWallNanoseconds: hour, volumeNanolitres: 1_000, massNanograms: 2_000)
        }
        try database.write { tx in
            try tx.addHourlyDelivery(hourStartWallNanoseconds: hour, volumeNanolitres: 250, massNanograms: 500)
            try tx.addHourlyDelivery(
                hourStartWallNanoseconds: hour + Fixture.hour, volumeNanolitres: 40, massNanograms: 80)
        }
        #expect(
            try database.hourlyDelivery(fromWallNanoseconds: hour, toWallNanoseconds: hour + 2 * Fixture.hour) == [
                HourlyDelivery(hourStartWallNanoseconds: hour, volumeNanolitres: 1_250, massNanograms: 2_500),
                HourlyDelivery(hourStartWallNanoseconds: hour + Fixture.hour, volumeNanolitres: 40, massNanograms: 80),
            ])
        #expect(
            try database.deliveredTotals() == DeliveryTotals(volumeNanolitres: 1_290, massNanograms: 2_580, hours: 2))
        // The range is half-open: the hour starting at `to` is not included.
        #expect(
            try database.hourlyDelivery(fromWallNanoseconds: hour, toWallNanoseconds: hour + Fixture.hour).count == 1)
    }

    /// The hours and the checkpoint written with them come back from one snapshot, so a reader
    /// knows which checkpoint's write the hours include.
    @Test func theHoursAreReadWithTheNewestCheckpointGenerationWrittenWithThem() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let hour = Fixture.baseWall
        let empty = try database.hourlyDeliveryWithCheckpointGeneration(fromWallNanoseconds: .min, toWallNanoseconds: .max)
        #expect(empty.hours.isEmpty && empty.checkpointGeneration == 0)
        for index in 1...2 {
            try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: hour, volumeNanolitres: 250, massNanograms: 500)
                try tx.saveCheckpoint(Fixture.checkpoint(Int64(index)))
            }
        }
        let read = try database.hourlyDeliveryWithCheckpointGeneration(fromWallNanoseconds: hour, toWallNanoseconds: hour + Fixture.hour)
        #expect(read.hours == [HourlyDelivery(hourStartWallNanoseconds: hour, volumeNanolitres: 500, massNanograms: 1_000)])
        #expect(read.checkpointGeneration == 2)
    }

    @Test func hourStartOffTheHourIsRefusedAndTheWholeTransactionRolledBack() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let error = storageError {
            try database.write { tx in
                try Fixture.event(tx, kind: "hourClosed", atSecond: 0)
                try tx.saveCheckpoint(Fixture.checkpoint(1))
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall, volumeNanolitres: 5, massNanograms: 5)
                try tx.addHourlyDelivery(
                    hourStartWallNanoseconds: Fixture.baseWall + 1, volumeNanolitres: 5, massNanograms: 5)
            }
        }
        guard case .invalidValue(let field, _)? = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(field == "hourStartWallNanoseconds")
        #expect(try database.events().isEmpty)
        #expect(try database.latestCheckpoint() == nil)
        #expect(try database.deliveredTotals().hours == 0)
    }

    @Test func negativeAmountsAreRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let volume = storageError {
            try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: -1, massNanograms: 0)
            }
        }
        #expect(volume == .invalidValue(field: "volumeNanolitres", reason: "-1 must not be negative"))
        let mass = storageError {
            try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: 0, massNanograms: -7)
            }
        }
        #expect(mass == .invalidValue(field: "massNanograms", reason: "-7 must not be negative"))
        #expect(try database.deliveredTotals().hours == 0)
    }

    @Test func totalThatWouldOverflowIsRefusedAndTheHourKept() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in
            try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: .max - 1, massNanograms: 1)
        }
        guard case .invalidValue(let field, _)? = storageError({
            try database.write { tx in try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: 2, massNanograms: 0) }
        }) else {
            Issue.record("expected invalidValue")
            return
        }
        #expect(field == "volumeNanolitres")
        #expect(try database.deliveredTotals().volumeNanolitres == .max - 1)
    }

    @Test func callerErrorInATransactionRollsItBackAndSaysSo() throws {
        struct Abandon: Error {}
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let error = storageError {
            try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: 5, massNanograms: 5)
                throw Abandon()
            }
        }
        guard case .aborted? = error else {
            Issue.record("expected aborted, got \(String(describing: error))")
            return
        }
        #expect(try database.deliveredTotals().hours == 0)
    }
}
