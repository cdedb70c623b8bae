import PumpStorage
import Testing

@Suite("Prescriptions, fills and calibrations")
struct TherapyRecordTests {
    static func commit(_ database: PumpDatabase, rate: Int, at seconds: Int64) throws -> Int64 {
        try database.write { tx in
            try tx.commitPrescription(
                document: #"{"rate":\#(rate)}"#, summary: #"{"daily_ug":\#(rate * 24)}"#, confirmationToken: "tok-\(rate)",
                committedAtWallNanoseconds: Fixture.baseWall + seconds * Fixture.second, actor: Fixture.clinician)
        }
    }

    @Test func latestCommitIsActiveAndTheOneBeforeIsPrevious() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        #expect(try database.activePrescription() == nil)
        let first = try Self.commit(database, rate: 10, at: 0)
        #expect(try database.activePrescription()?.id == first)
        #expect(try database.previousPrescription() == nil)
        let second = try Self.commit(database, rate: 20, at: 60)
        // A wall clock set back does not change which program is active: commit order does.
        let third = try Self.commit(database, rate: 30, at: -3_600)
        let active = try #require(try database.activePrescription())
        #expect(active.id == third)
        #expect(active.document == #"{"rate":30}"#)
        #expect(active.summary == #"{"daily_ug":720}"#)
        #expect(active.confirmationToken == "tok-30")
        #expect(active.actor == Fixture.clinician)
        #expect(try database.previousPrescription()?.id == second)
        #expect(try database.prescriptions().map(\.id) == [third, second, first])
        #expect(try database.prescriptions(limit: 2).map(\.id) == [third, second])
    }

    @Test func prescriptionThatIsNotJSONIsRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let error = storageError {
            try database.write { tx in
                _ = try tx.commitPrescription(
                    document: "rate=10", summary: "{}", confirmationToken: "t", committedAtWallNanoseconds: 0,
                    actor: Fixture.clinician)
            }
        }
        #expect(error == .invalidValue(field: "document", reason: "it is not a JSON document"))
        #expect(try database.activePrescription() == nil)
    }

    @Test func fillsReadBackNewestFirstWithEveryField() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let first = try database.write { tx in
            try tx.recordFill(
                filledAtWallNanoseconds: Fixture.baseWall, volumeNanolitres: 20_000_000, drugName: "baclofen",
                concentrationMicrogramsPerMillilitre: 2_000, withdrawnNanolitres: nil, expectedRemainingNanolitres: nil,
                discrepancyNanolitres: nil, actor: Fixture.clinician)
        }
        let second = try database.write { tx in
            try tx.recordFill(
                filledAtWallNanoseconds: Fixture.baseWall + Fixture.hour, volumeNanolitres: 18_000_000,
                drugName: "baclofen", concentrationMicrogramsPerMillilitre: 2_000, withdrawnNanolitres: 1_900_000,
                expectedRemainingNanolitres: 2_000_000, discrepancyNanolitres: -100_000, actor: Fixture.patient)
        }
        #expect(
            try database.latestFill()
                == StoredFill(
                    id: second, filledAtWallNanoseconds: Fixture.baseWall + Fixture.hour, volumeNanolitres: 18_000_000,
                    drugName: "baclofen", concentrationMicrogramsPerMillilitre: 2_000, withdrawnNanolitres: 1_900_000,
                    expectedRemainingNanolitres: 2_000_000, discrepancyNanolitres: -100_000, actor: Fixture.patient))
        #expect(try database.fills().map(\.id) == [second, first])
        #expect(try database.fills(limit: 5).last?.withdrawnNanolitres == nil)
    }

    @Test func fillWithoutVolumeOrDrugIsRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for (volume, drug, field) in [(Int64(0), "baclofen", "volumeNanolitres"), (1_000, "", "drugName")] {
            let error = storageError {
                try database.write { tx in
                    _ = try tx.recordFill(
                        filledAtWallNanoseconds: 0, volumeNanolitres: volume, drugName: drug,
                        concentrationMicrogramsPerMillilitre: 500, withdrawnNanolitres: nil,
                        expectedRemainingNanolitres: nil, discrepancyNanolitres: nil, actor: Fixture.clinician)
                }
            }
            guard case .invalidValue(let refused, _)? = error else {
                Issue.record("expected invalidValue for \(field)")
                continue
            }
            #expect(refused == field)
        }
        #expect(try database.latestFill() == nil)
    }

    @Test func latestCalibrationIsTheOneInForce() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        #expect(try database.latestCalibration() == nil)
        try database.write { tx in
            try tx.recordCalibration(
                atWallNanoseconds: 1, stepVolumePicolitres: 251_000, previousStepVolumePicolitres: 250_000,
                actor: Fixture.clinician)
            try tx.recordCalibration(
                atWallNanoseconds: 2, stepVolumePicolitres: 249_500, previousStepVolumePicolitres: 251_000,
                actor: Fixture.clinician)
        }
        let latest = try #require(try database.latestCalibration())
        #expect(latest.stepVolumePicolitres == 249_500)
        #expect(latest.previousStepVolumePicolitres == 251_000)
        #expect(latest.atWallNanoseconds == 2)
        #expect(try database.calibrations().count == 2)
        let zero = storageError {
            try database.write { tx in
                _ = try tx.recordCalibration(
                    atWallNanoseconds: 3, stepVolumePicolitres: 0, previousStepVolumePicolitres: 249_500,
                    actor: Fixture.clinician)
            }
        }
        #expect(zero == .invalidValue(field: "stepVolumePicolitres", reason: "0 must be greater than zero"))
    }
}
