import PumpCore
import PumpTestKit
import Testing

/// Over random flex programs: a review of a program against itself marks nothing; changing one
/// step marks that step's row and no other step's; every zero step is warned about, once.
@Suite struct ChangeReviewPropertyTests {
    typealias R = ReviewFixtures

    static func randomSchedule(_ random: inout SplitMix64) -> [(hour: Int, microgramsPerDay: Int64)] {
        var hours = Set<Int>([0])
        for _ in 0..<Int.random(in: 0...6, using: &random) { hours.insert(Int.random(in: 1...23, using: &random)) }
        return hours.sorted().map { ($0, Int64.random(in: 0...3, using: &random) == 0 ? 0 : Int64.random(in: 100...900, using: &random)) }
    }

    @Test func oneChangedStepIsMarkedOnItsRowAndNoOtherStepRow() {
        var random = SplitMix64(seed: 23)
        for _ in 0..<200 {
            let everyDay = Self.randomSchedule(&random)
            let monday = Bool.random(using: &random) ? Self.randomSchedule(&random) : nil
            let old = R.program(basal: R.flex(everyDay, monday: monday))
            #expect(R.review(old, old).rows.allSatisfy { !$0.changed })

            var changedDay = everyDay
            let index = Int.random(in: 0..<everyDay.count, using: &random)
            changedDay[index].microgramsPerDay += 1
            let review = R.review(old, R.program(basal: R.flex(changedDay, monday: monday)))
            let changedSteps = review.rows.filter { $0.changed && $0.label.hasPrefix("basal ") && $0.label.contains(" step ") }.map(\.label)
            #expect(changedSteps == ["basal every day step \(index + 1)"], "\(everyDay) step \(index)")
        }
    }

    @Test func everyZeroStepIsWarnedAboutOnceWithItsPath() {
        var random = SplitMix64(seed: 29)
        for _ in 0..<200 {
            let everyDay = Self.randomSchedule(&random)
            let p = R.program(basal: R.flex(everyDay))
            let expected = everyDay.indices.filter { everyDay[$0].microgramsPerDay == 0 }.map { "basal.flex.everyDay.steps[\($0)].rate" }
            let fields = R.review(nil, p).warnings.filter { $0.code == .stepDeliversNothing }.map(\.field)
            #expect(fields == expected, "\(everyDay)")
        }
    }
}
