import PumpCore
import Testing

@Suite struct ProgramSummaryTests {
    typealias F = SessionFixtures

    @Test func theConfirmationTableShowsOldAndNewSideBySideAndMarksEveryChangedRow() throws {
        var session = F.session()
        try session.commit(F.prescription(dailyDose: 500), at: F.origin)
        let summaries = try session.validate(F.prescription(dailyDose: 600)).get()
        let table = ProgramSummary.comparison(old: summaries.old, new: summaries.new)
        let rows = table.split(separator: "\n").map(String.init)
        #expect(rows.count == 11)  // header + 10 rows
        let basal = try #require(rows.first { $0.contains("basal daily dose") })
        #expect(basal.hasPrefix("*"))
        #expect(basal.contains("500 µg") && basal.contains("600 µg"))
        let drug = try #require(rows.first { $0.contains("drug") && !$0.contains("daily") })
        #expect(drug.hasPrefix(" "))  // unchanged
        // 20 mL at 300 µL/day (600 µg/day at 2000 µg/mL): 2 mL left after 60 days.
        #expect(summaries.new.forecast.lowReservoirAt == F.origin.wall + .days(60))
        #expect(summaries.new.worstHourDose == .micrograms(25))
    }

    @Test func aFirstProgramHasNoOldColumnValues() throws {
        let session = F.session()
        let summaries = try session.validate(F.prescription()).get()
        #expect(summaries.old == nil)
        let table = ProgramSummary.comparison(old: nil, new: summaries.new)
        #expect(table.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("*") && $0.contains("—") })
    }
}
