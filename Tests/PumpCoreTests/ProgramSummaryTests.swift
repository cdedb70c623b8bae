import PumpCore
import Testing

@Suite struct ProgramSummaryTests {
    typealias F = SessionFixtures

    @Test func theReviewShowsOldAndNewSideBySideAndMarksEveryChangedRow() throws {
        var session = F.session()
        try session.commit(F.prescription(dailyDose: 500), at: F.origin)
        let review = try session.validate(F.prescription(dailyDose: 600)).get()
        let basal = try #require(review.rows.first { $0.label == "basal daily dose" })
        #expect(basal.changed && basal.old == "500 µg" && basal.new == "600 µg")
        let drug = try #require(review.rows.first { $0.label == "drug" })
        #expect(!drug.changed)
        // 20 mL at 300 µL/day (600 µg/day at 2000 µg/mL): 2 mL left after 60 days.
        #expect(review.new.forecast.lowReservoirAt == F.origin.wall + .days(60))
        #expect(review.new.expectedForecast == review.new.forecast, "no patient bolus: expected is the worst case")
        #expect(review.new.worstHourDose == .micrograms(25))
    }

    @Test func aFirstProgramHasNoOldProgramValues() throws {
        let session = F.session()
        let review = try session.validate(F.prescription()).get()
        #expect(review.old == nil)
        let programRows = review.rows.filter { !["drug", "concentration", "reservoir volume"].contains($0.label) }
        #expect(programRows.allSatisfy { $0.changed && $0.old == "—" })
    }
}
