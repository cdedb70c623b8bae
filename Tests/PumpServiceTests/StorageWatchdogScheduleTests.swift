import Testing

@testable import PumpService

/// When the storage watchdog looks next: never later than a hung write's bound or the file check,
/// never sooner than the old poll's pace, and not at all for an idle writer's bound (the writer
/// rings when a write is handed to it).
@Suite struct StorageWatchdogScheduleTests {
    static let second: Int64 = 1_000_000_000

    @Test func anIdleWriterIsLookedAtAgainAtTheFileCheckInterval() {
        var watchdog = StorageWatchdog(writeTimeout: .seconds(3))
        let now = 50 * Self.second
        #expect(watchdog.check(writer: StorageWriter(), now: now) == .checkFiles)
        #expect(watchdog.nextCheck(oldestWrite: nil, reserveMissing: false, now: now) == now + StorageWatchdog.fileCheckInterval)
    }

    @Test func whileInotifyWatchesTheFilesAnIdleWriterSleepsUntilTheBackstopCheckWhateverTheWriteBound() {
        var watchdog = StorageWatchdog(writeTimeout: .milliseconds(300), fileCheckEvery: StorageWatchdog.watchedFileCheckInterval)
        let now = 50 * Self.second
        #expect(watchdog.check(writer: StorageWriter(), now: now) == .checkFiles)
        #expect(watchdog.nextCheck(oldestWrite: nil, reserveMissing: false, now: now) == now + StorageWatchdog.watchedFileCheckInterval)
    }

    @Test func aMissingSpaceReserveIsRetriedEverySecondWhileTheFilesAreWatched() {
        var watchdog = StorageWatchdog(writeTimeout: .seconds(3), fileCheckEvery: StorageWatchdog.watchedFileCheckInterval)
        let now = 50 * Self.second
        _ = watchdog.check(writer: StorageWriter(), now: now)
        #expect(watchdog.nextCheck(oldestWrite: nil, reserveMissing: true, now: now) == now + StorageWatchdog.fileCheckInterval)
    }

    @Test func aBusyWriterIsLookedAtJustAsItsOldestWriteOutlastsTheBound() {
        var watchdog = StorageWatchdog(writeTimeout: .milliseconds(500), fileCheckEvery: StorageWatchdog.watchedFileCheckInterval)
        let now = 50 * Self.second
        _ = watchdog.check(writer: StorageWriter(), now: now)
        // Handed over 200 ms ago: the bound runs out 300 ms from now.
        #expect(watchdog.nextCheck(oldestWrite: now - 200_000_000, reserveMissing: false, now: now) == now + 300_000_001)
    }

    @Test func aWriteAlreadyOverItsBoundIsLookedAtAgainAtTheOldPollsPaceNotInASpin() {
        var watchdog = StorageWatchdog(writeTimeout: .milliseconds(500))
        let now = 50 * Self.second
        _ = watchdog.check(writer: StorageWriter(), now: now)
        #expect(watchdog.nextCheck(oldestWrite: now - 2 * Self.second, reserveMissing: false, now: now) == now + StorageWatchdog.minimumSpacing)
    }
}
