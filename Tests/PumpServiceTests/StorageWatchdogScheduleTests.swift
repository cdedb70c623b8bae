import Testing

@testable import PumpService

/// When the storage watchdog looks next: never later than a hung write's bound or the file check,
/// never sooner than the old poll's pace.
@Suite struct StorageWatchdogScheduleTests {
    static let second: Int64 = 1_000_000_000

    @Test func anIdleWriterIsLookedAtAgainAtTheFileCheckInterval() {
        var watchdog = StorageWatchdog(writeTimeout: .seconds(3))
        let now = 50 * Self.second
        #expect(watchdog.check(writer: StorageWriter(), now: now) == .checkFiles)
        #expect(watchdog.nextCheck(busy: 0, now: now) == now + StorageWatchdog.fileCheckInterval)
    }

    @Test func anIdleWriterWithAShortWriteBoundIsLookedAtWithinTheBound() {
        var watchdog = StorageWatchdog(writeTimeout: .milliseconds(300))
        let now = 50 * Self.second
        _ = watchdog.check(writer: StorageWriter(), now: now)
        // A write handed over just after this check is seen before it has outlasted the bound.
        #expect(watchdog.nextCheck(busy: 0, now: now) == now + 300_000_000)
    }

    @Test func aBusyWriterIsLookedAtJustAsItsOldestWriteOutlastsTheBound() {
        var watchdog = StorageWatchdog(writeTimeout: .milliseconds(500))
        let now = 50 * Self.second
        _ = watchdog.check(writer: StorageWriter(), now: now)
        // Busy for 200 ms: the bound runs out 300 ms from now.
        #expect(watchdog.nextCheck(busy: 200_000_000, now: now) == now + 300_000_001)
    }

    @Test func aWriteAlreadyOverItsBoundIsLookedAtAgainAtTheOldPollsPaceNotInASpin() {
        var watchdog = StorageWatchdog(writeTimeout: .milliseconds(500))
        let now = 50 * Self.second
        _ = watchdog.check(writer: StorageWriter(), now: now)
        #expect(watchdog.nextCheck(busy: 2 * Self.second, now: now) == now + StorageWatchdog.minimumSpacing)
    }
}
