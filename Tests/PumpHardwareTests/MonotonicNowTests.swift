import PumpCore
import PumpHardware
import Testing

/// `monotonicNow()` is the monotonic half of `now()`, on every clock.
@Suite struct MonotonicNowTests {
    static let start = ClockReading(monotonic: MonotonicInstant(nanoseconds: 5_000_000_000), wall: CivilTime(unixNanoseconds: 1_700_000_000_000_000_000, utcOffsetSeconds: 3_600))

    @Test func aVirtualClocksMonotonicNowIsItsReadingsMonotonicInstant() {
        let clock = VirtualClock(start: Self.start)
        #expect(clock.monotonicNow() == Self.start.monotonic)
        clock.advance(by: .minutes(3))
        clock.stepWallClock(by: .hours(2))
        #expect(clock.monotonicNow() == clock.now().monotonic)
        #expect(clock.monotonicNow() == Self.start.monotonic + .minutes(3))
        clock.advance(to: Self.start.monotonic + .hours(1))
        #expect(clock.monotonicNow() == clock.now().monotonic)
        #expect(clock.monotonicNow() == Self.start.monotonic + .hours(1))
        clock.advance(to: Self.start.monotonic)  // already past: no change
        #expect(clock.monotonicNow() == Self.start.monotonic + .hours(1))
        #expect(clock.now().monotonic == Self.start.monotonic + .hours(1))
    }

    /// Ordering only, never a duration: the instant lies between the readings taken around it.
    @Test(arguments: [Int64(1), 1_000, 100_000])
    func anAcceleratedClocksMonotonicNowLiesBetweenTheReadingsAroundIt(scale: Int64) {
        let clock = AcceleratedClock(scale: scale, origin: Self.start)
        let before = clock.now().monotonic
        let instant = clock.monotonicNow()
        let after = clock.now().monotonic
        #expect(before <= instant && instant <= after)
        #expect(instant >= Self.start.monotonic)
    }

    @Test func theSystemClocksMonotonicNowLiesBetweenTheReadingsAroundIt() {
        let clock = SystemClock()
        let before = clock.now().monotonic
        let instant = clock.monotonicNow()
        let after = clock.now().monotonic
        #expect(before <= instant && instant <= after)
    }
}
