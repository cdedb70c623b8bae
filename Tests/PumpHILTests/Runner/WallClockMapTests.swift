import PumpCore
import Testing

@testable import PumpHIL

/// Events are placed on the scenario's timeline through the wall-clock steps: by their wall time,
/// and, where a backward step makes a wall time occur twice, by their place in the event log.
@Suite struct WallClockMapTests {
    static let start = CivilTime(rfc3339: "2026-01-05T08:00:00Z")!

    /// The wall-clock time `seconds` after the start.
    static func wall(_ seconds: Int64) -> CivilTime { start + .seconds(seconds) }

    @Test func withoutStepsTheScenarioTimeIsTheWallTimeSinceTheStart() {
        let map = WallClockMap(start: Self.start)
        #expect(map.t(of: Self.wall(0), sequence: 1) == 0)
        #expect(map.t(of: Self.wall(3_600), sequence: 2) == 3_600)
        #expect(map.t(of: Self.start + .milliseconds(1_500), sequence: 3) == 1)
    }

    @Test func anEventBeforeTheStartHasNoScenarioTime() {
        let map = WallClockMap(start: Self.start)
        #expect(map.t(of: Self.wall(-60), sequence: 1) == nil)
        #expect(map.t(of: Self.start + .milliseconds(-500), sequence: 1) == nil)
    }

    @Test func eventsBeforeAndAfterAForwardStepLandOnTheirScenarioSeconds() {
        var map = WallClockMap(start: Self.start)
        map.stepped(by: 3_600, at: 100, after: 5)
        #expect(map.t(of: Self.wall(50), sequence: 4) == 50)
        #expect(map.t(of: Self.wall(100), sequence: 5) == 100)
        // After the step the wall clock is an hour ahead.
        #expect(map.t(of: Self.wall(3_700), sequence: 6) == 100)
        #expect(map.t(of: Self.wall(3_750), sequence: 7) == 150)
    }

    @Test func eventsBeforeAndAfterABackwardStepLandOnTheirScenarioSecondsThoughTheirWallTimesOverlap() {
        var map = WallClockMap(start: Self.start)
        map.stepped(by: -3_600, at: 5_000, after: 10)
        // Wall 4000 s occurs twice: at t=4000 (before the step) and at t=7600 (after it).
        #expect(map.t(of: Self.wall(4_000), sequence: 9) == 4_000)
        #expect(map.t(of: Self.wall(4_000), sequence: 12) == 7_600)
        #expect(map.t(of: Self.wall(5_000), sequence: 10) == 5_000)
        #expect(map.t(of: Self.wall(1_400), sequence: 11) == 5_000)
        #expect(map.t(of: Self.wall(1_500), sequence: 11) == 5_100)
    }

    @Test func aForwardThenBackwardJumpPlacesEveryEventAsTheWallClockJumpsScenarioDoes() {
        // wall-clock-jumps.toml: +6 h at t=3600, −6 h at t=43200.
        var map = WallClockMap(start: Self.start)
        map.stepped(by: 21_600, at: 3_600, after: 4)
        map.stepped(by: -21_600, at: 43_200, after: 20)
        #expect(map.t(of: Self.wall(1_000), sequence: 3) == 1_000)
        #expect(map.t(of: Self.wall(25_200), sequence: 5) == 3_600)
        // t=30000, in the middle: wall 51600, which the second segment also reaches (at t=51600).
        #expect(map.t(of: Self.wall(51_600), sequence: 15) == 30_000)
        #expect(map.t(of: Self.wall(43_200), sequence: 21) == 43_200)
        #expect(map.t(of: Self.wall(51_600), sequence: 30) == 51_600)
    }

    @Test func aStepBeforeAnyEventWasLoggedCountsForEveryEvent() {
        var map = WallClockMap(start: Self.start)
        map.stepped(by: -600, at: 0, after: nil)
        #expect(map.t(of: Self.wall(-600), sequence: 1) == 0)
        #expect(map.t(of: Self.wall(0), sequence: 2) == 600)
    }
}
