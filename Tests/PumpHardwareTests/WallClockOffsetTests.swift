#if canImport(Glibc)
import Glibc
#endif
@testable import PumpHardware
import PumpCore
import PumpTestKit
import Testing

/// The system clock's wall readings keep one offset from its monotonic readings until the wall
/// clock is stepped, so the skew between its two clock reads never looks like a step.
@Suite struct WallClockOffsetTests {
    @Test func readingsWithinTheToleranceKeepTheHeldOffsetAndAStepBeyondItIsTakenAtOnce() {
        let offset = WallClockOffset()
        let base: Int64 = 1_780_000_000_000_000_000
        #expect(offset.wall(monotonic: 1_000, realtime: base + 1_000) == base + 1_000)
        // Skews either way up to the tolerance: the held offset, whatever the realtime read said.
        for (monotonic, skew) in [(2_000, 37), (3_000, -52), (4_000, WallClockOffset.tolerance), (5_000, -WallClockOffset.tolerance)] as [(Int64, Int64)] {
            #expect(offset.wall(monotonic: monotonic, realtime: base + monotonic + skew) == base + monotonic)
        }
        // A step just beyond it: taken at once, and held from then on.
        let stepped = base + WallClockOffset.tolerance + 1
        #expect(offset.wall(monotonic: 6_000, realtime: stepped + 6_000) == stepped + 6_000)
        #expect(offset.wall(monotonic: 7_000, realtime: stepped + 7_000 - 40) == stepped + 7_000)
        // A step back of an hour.
        let back = stepped - 3_600_000_000_000
        #expect(offset.wall(monotonic: 8_000, realtime: back + 8_000) == back + 8_000)
    }

    @Test func aWallReadingIsNeverFurtherFromItsRealtimeReadThanTheTolerance() {
        var random = SplitMix64(seed: 13)
        for _ in 0..<40 {
            let offset = WallClockOffset()
            var monotonic: Int64 = 5_000_000_000
            var trueOffset: Int64 = 1_780_000_000_000_000_000
            for _ in 0..<2_000 {
                monotonic += Int64(random.next() % 200_000_000)
                switch random.next() % 50 {
                case 0: trueOffset += Int64(random.next() % 7_200_000_000_000) - 3_600_000_000_000
                case 1: trueOffset += Int64(random.next() % 40_000) - 20_000
                default: break
                }
                let realtime = monotonic + trueOffset + Int64(random.next() % 2_001) - 1_000
                let wall = offset.wall(monotonic: monotonic, realtime: realtime)
                #expect(abs(wall - realtime) <= WallClockOffset.tolerance)
            }
        }
    }

    @Test func successiveSystemClockReadingsKeepOneWallOffsetWhileNothingStepsTheClock() {
        let clock = SystemClock()
        var last = clock.now()
        var changes = 0
        let readings = 10_000
        for _ in 0..<readings {
            let reading = clock.now()
            // What the metering planner sees as a wall-clock step: wall time that did not move with
            // monotonic time.
            if (reading.wall.unixNanoseconds - last.wall.unixNanoseconds) != (reading.monotonic - last.monotonic).nanoseconds {
                changes += 1
            }
            last = reading
        }
        // Reading the two clocks one after the other used to make almost every pair differ by the
        // nanoseconds between the reads. A thread preempted between them can still move the
        // offset (and move it back at the next reading): a handful of times at most.
        #expect(changes <= readings / 100, "\(changes) of \(readings) readings moved the wall clock's offset")
    }
}
