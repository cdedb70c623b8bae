import Testing

@testable import PumpService

/// A sleep ends at its deadline or at a ring, and no ring is lost.
@Suite struct DoorbellTests {
    static func anHourFromNow() -> Int64 { StateKeeper.realNow() + 3_600_000_000_000 }

    @Test func aRingBeforeTheSleepEndsItAtOnce() async {
        let bell = Doorbell()
        bell.ring()
        await bell.sleep(until: Self.anHourFromNow())
    }

    @Test func aRingDuringTheSleepEndsIt() async throws {
        let bell = Doorbell()
        let sleeper = Task { await bell.sleep(until: Self.anHourFromNow()) }
        while !bell.isSleeping { try await Task.sleep(nanoseconds: 1_000_000) }
        bell.ring()
        await sleeper.value
    }

    @Test func aPastDeadlineEndsTheSleepAtOnce() async {
        await Doorbell().sleep(until: StateKeeper.realNow() - 1)
    }

    @Test func cancellingTheSleeperEndsTheSleep() async {
        let bell = Doorbell()
        let sleeper = Task { await bell.sleep(until: Self.anHourFromNow()) }
        sleeper.cancel()
        await sleeper.value
    }

    @Test func aSecondSleeperWakesTheFirstInsteadOfStrandingIt() async throws {
        let bell = Doorbell()
        let first = Task { await bell.sleep(until: Self.anHourFromNow()) }
        while !bell.isSleeping { try await Task.sleep(nanoseconds: 1_000_000) }
        let second = Task { await bell.sleep(until: Self.anHourFromNow()) }
        await first.value
        second.cancel()
        await second.value
    }
}
