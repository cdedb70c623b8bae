import Foundation
import Testing

@testable import PumpStorage

/// A seal written by a build that digested the hourly delivery whole (CRC-32, `digest.` line) is
/// still verified as it was written, then replaced by one with the sum.
@Suite("Hourly delivery seal of an earlier build") struct HourlySealUpgradeTests {
    /// A database with hours whose seal is rewritten the earlier build's way; `digestOffset`
    /// spoils that digest.
    func databaseSealedTheEarlierWay(digestOffset: UInt32 = 0) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for index in Int64(1)...5 {
            _ = try database.write { tx in
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall + index * Fixture.hour, volumeNanolitres: index, massNanograms: 2 * index)
                try tx.saveCheckpoint(Fixture.checkpoint(index))
            }
        }
        let digest = try database.read { db in try RowDigest.digest(table: "hourly_delivery", key: "hour_start_ns", in: db) }
        database.close()
        let path = directory.databasePath + ".seal"
        var seal = try SealFile.read(path).get()
        #expect(seal.sums["hourly_delivery"] != nil && seal.digests["hourly_delivery"] == nil)
        seal.sums = [:]
        seal.digests["hourly_delivery"] = digest &+ digestOffset
        _ = try SealFile(path: path, directory: directory.path, creatingWith: seal, replacing: true)
        return directory
    }

    @Test func aSealOfTheEarlierBuildOpensAndIsRewrittenWithTheSum() throws {
        let directory = try databaseSealedTheEarlierWay()
        try directory.open().close()
        let seal = try SealFile.read(directory.databasePath + ".seal").get()
        #expect(seal.sums["hourly_delivery"] != nil && seal.digests["hourly_delivery"] == nil)
        try directory.open().close()
    }

    @Test func hoursThatDifferFromASealOfTheEarlierBuildAreRefused() throws {
        let directory = try databaseSealedTheEarlierWay(digestOffset: 1)
        guard case .rolledBack(_, let evidence)? = storageError({ _ = try directory.open() }) else {
            Issue.record("hours that differ from the earlier build's seal were not refused")
            return
        }
        #expect(evidence.contains { $0.contains("hourly_delivery differs") }, "\(evidence)")
    }
}
