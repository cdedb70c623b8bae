import PumpControl
import PumpCore
import Testing

@testable import PumpService

/// Which of the loop's publications wake the checkpoint task: those that can make a checkpoint due,
/// not every step (the prototype woke it at every step: 1000 wakes a second at 1000 steps/s).
@Suite struct CheckpointWakeTests {
    static let hour: Int64 = 3_600_000_000_000

    static func snapshot(steps: Int64, wall: Int64 = 10 * hour + 1, priming: Bool = false) -> CycleSnapshot {
        var snapshot = CycleSnapshot()
        snapshot.stepsMoved = steps
        snapshot.wall = CivilTime(unixNanoseconds: wall)
        if priming { snapshot.mode = .priming(thenRun: true) }
        return snapshot
    }

    @Test func stepsShortOfTheMarkDoNotWakeTheTaskAndTheMarkWakesItOnce() {
        let wake = CheckpointWake()
        #expect(wake.published(Self.snapshot(steps: 0)), "the first publication")
        wake.wake(atSteps: 100)
        for steps in Int64(1)..<100 { #expect(!wake.published(Self.snapshot(steps: steps)), "step \(steps)") }
        #expect(wake.published(Self.snapshot(steps: 100)))
        // Republished unchanged, or moved on before the task set the next mark: once is enough.
        #expect(!wake.published(Self.snapshot(steps: 100)))
        #expect(!wake.published(Self.snapshot(steps: 101)))
    }

    @Test func aMarkAlreadyPassedWhenTheTaskSetsItWakesItAtTheNextPublication() {
        let wake = CheckpointWake()
        wake.published(Self.snapshot(steps: 0))
        wake.wake(atSteps: 1)
        #expect(wake.published(Self.snapshot(steps: 1)))
        wake.published(Self.snapshot(steps: 2))  // stepped while the task looked
        wake.wake(atSteps: 2)
        #expect(wake.published(Self.snapshot(steps: 2)))
    }

    @Test func aNewHourWakesTheTaskWithoutAStep() {
        let wake = CheckpointWake()
        wake.published(Self.snapshot(steps: 5))
        wake.wake(atSteps: 100)
        #expect(!wake.published(Self.snapshot(steps: 5, wall: 10 * Self.hour + 2)))
        #expect(wake.published(Self.snapshot(steps: 5, wall: 11 * Self.hour)))
    }

    @Test func whilePrimingEveryStepWakesTheTask() {
        let wake = CheckpointWake()
        wake.published(Self.snapshot(steps: 5))
        wake.wake(atSteps: 100)
        #expect(wake.published(Self.snapshot(steps: 5, priming: true)), "priming began")
        #expect(wake.published(Self.snapshot(steps: 6, priming: true)))
        #expect(!wake.published(Self.snapshot(steps: 6, priming: true)))
        #expect(wake.published(Self.snapshot(steps: 6)), "priming ended")
    }
}
