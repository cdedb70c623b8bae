import PumpCore
import Testing

/// Which of the step journal's hour notes a restore may split its span by (`JournaledHour.chain`).
@Suite struct JournaledHourTests {
    static let hour = HourClosing.hourNanoseconds
    static let state = ClosedHour.State(rate: .zero, reservoir: .zero, mode: .running, programmed: true)
    static func note(_ index: Int64, _ position: Int64) -> JournaledHour { JournaledHour(start: index * hour, position: position, state: state) }

    @Test func notesOfEveryHourFromTheCheckpointsOnSplitTheSpan() {
        let notes = [Self.note(1, 10), Self.note(2, 20), Self.note(3, 20), Self.note(4, 35)]
        #expect(JournaledHour.chain(notes, from: 5, to: 40, openHour: Self.hour) == notes)
    }

    @Test func notesOfAnEarlierLifeOrOfHoursTheCheckpointHoldsAreLeftOut() {
        // Hour 0 is before the checkpoint's; the stale hour-3 note (position 50) lies beyond the span.
        let notes = [Self.note(0, 2), Self.note(3, 50), Self.note(1, 10), Self.note(2, 20)]
        #expect(JournaledHour.chain(notes, from: 5, to: 40, openHour: Self.hour) == [Self.note(1, 10), Self.note(2, 20)])
    }

    @Test func aLostHourNoteLeavesNoSplitRatherThanAGuessedOne() {
        #expect(JournaledHour.chain([Self.note(1, 10), Self.note(3, 30)], from: 5, to: 40, openHour: Self.hour).isEmpty)
        #expect(JournaledHour.chain([Self.note(2, 10), Self.note(3, 30)], from: 5, to: 40, openHour: Self.hour).isEmpty)
        // A position going back is damage: the notes before it are not believed.
        #expect(JournaledHour.chain([Self.note(1, 30), Self.note(2, 20)], from: 5, to: 40, openHour: Self.hour).isEmpty)
    }

    // `JournaledHour.unsplit`: when the chain does not prove the split, the hours it may span.

    @Test func aFullChainWithTheLastStepInTheNextHourAndNoWallStepIsASplitNothingUnknown() {
        let notes = [Self.note(1, 10), Self.note(2, 20)]
        let chain = JournaledHour.chain(notes, from: 5, to: 40, openHour: Self.hour)
        #expect(JournaledHour.unsplit(notes, chain: chain, from: 5, to: 40, openHour: Self.hour, lastStepHours: [3 * Self.hour], wallStepped: false) == nil)
    }

    @Test func anHourClosedTwiceAfterAWallClockSetBackLeavesItsHoursUnknown() {
        let notes = [Self.note(1, 10), Self.note(1, 20)]
        let chain = JournaledHour.chain(notes, from: 5, to: 40, openHour: Self.hour)
        #expect(chain == [Self.note(1, 20)])
        let range = JournaledHour.unsplit(notes, chain: chain, from: 5, to: 40, openHour: Self.hour, lastStepHours: [2 * Self.hour], wallStepped: false)
        #expect(range == Self.hour...(2 * Self.hour))
    }

    @Test func aWallStepOrALastStepOutsideTheHourAfterTheChainLeavesTheHoursUnknownAcrossEveryReading() {
        let notes = [Self.note(1, 10), Self.note(2, 20)]
        let chain = JournaledHour.chain(notes, from: 5, to: 40, openHour: Self.hour)
        let stepped = JournaledHour.unsplit(notes, chain: chain, from: 5, to: 40, openHour: Self.hour, lastStepHours: [3 * Self.hour, 5 * Self.hour], wallStepped: true)
        #expect(stepped == Self.hour...(5 * Self.hour))
        // The newest note lost: the last step is two hours after the chain's last.
        let lost = JournaledHour.unsplit(notes, chain: chain, from: 5, to: 40, openHour: Self.hour, lastStepHours: [4 * Self.hour], wallStepped: false)
        #expect(lost == Self.hour...(4 * Self.hour))
    }
}
