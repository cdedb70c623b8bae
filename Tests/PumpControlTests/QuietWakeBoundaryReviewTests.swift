@testable import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// Review R4: a segment boundary that is not itself a step instant (a bolus ending between steps)
/// falls inside a quiet span; the session must still record it at the same wake as with full wakes.
@Suite struct QuietWakeBoundaryReviewTests {
    @Test(arguments: QuietWakeTests.spans, [Int64(420_000), 420_130, 421_370, 433_777]) func bolusEndingBetweenStepsAndFullWakesIsRecordedAtTheWakeThatCrossesIt(quietSpan: TimeSpan, durationMilliseconds: Int64) throws {
        let pair = try QuietWakeTests.Pair(quietSpan: quietSpan)
        guard pair.run(for: .minutes(10), "running") else { return }
        // 10.3 µg = 20.6 steps of 0.5 µg: the bolus's end is no step instant.
        pair.act("single bolus") { session, now in
            do { try session.requestBolus(.single(dose: .nanograms(10_300), duration: .milliseconds(durationMilliseconds)), at: now) } catch { Issue.record("bolus refused: \(error)") }
        }
        #expect(pair.quiet.lastEvents.count > 0)
        var seen: [TherapyEvent] = []
        let end = pair.quiet.bench.clock.now().monotonic + .minutes(30)
        while pair.quiet.deadline <= end {
            pair.quiet.wake(); pair.full.wake()
            seen += pair.full.lastEvents
            #expect(pair.quiet.lastEvents == pair.full.lastEvents, "events at \(pair.full.bench.clock.now().wall)")
            if pair.quiet.deadline != pair.full.deadline { break }
        }
        #expect(seen.contains { if case .bolusCompleted = $0.kind { true } else { false } }, "\(seen)")
    }
}
