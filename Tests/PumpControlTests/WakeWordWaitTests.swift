import CPumpSys
#if canImport(Glibc)
import Glibc
#endif
import PumpHardware
import Testing

/// The real-time loop's one system call per sleep (`pump_wake_word_wait`), made without libc's
/// errno: its answers are the ones the loop relies on, whatever the kernel said.
@Suite struct WakeWordWaitTests {
    final class Word: @unchecked Sendable {
        let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        init() { pointer.initialize(to: 0) }
        deinit { pointer.deallocate() }
    }

    @Test func aDeadlineAlreadyPastTimesOutAtOnce() {
        let word = Word()
        #expect(pump_wake_word_wait(word.pointer, 0, 0) == 1)
        #expect(pump_wake_word_wait(word.pointer, 0, -5) == 1)
        #expect(pump_wake_word_wait(word.pointer, 0, SystemClock.monotonicNanoseconds()) == 1)
    }

    @Test func aWordThatMovedOnSinceItWasReadReturnsAsWokenWithoutSleeping() {
        let word = Word()
        pump_wake_word_signal(word.pointer)
        #expect(pump_wake_word_load(word.pointer) == 1)
        // A deadline an hour away: only the moved word can end this wait.
        #expect(pump_wake_word_wait(word.pointer, 0, SystemClock.monotonicNanoseconds() + 3_600_000_000_000) == 0)
    }

    @Test func aFutureDeadlineWithTheWordUnchangedTimesOut() {
        let word = Word()
        #expect(pump_wake_word_wait(word.pointer, 0, SystemClock.monotonicNanoseconds() + 2_000_000) == 1)
    }

    @Test func aSignalWakesTheWaiter() {
        let word = Word()
        var thread = pthread_t()
        let context = Unmanaged.passRetained(word).toOpaque()
        // The wait's deadline is an hour away: only the signal can end it, whether it comes
        // before the wait starts (the word moved on) or during it.
        let rc = pthread_create(&thread, nil, { context in
            let word = Unmanaged<Word>.fromOpaque(context!).takeRetainedValue()
            usleep(5_000)
            pump_wake_word_signal(word.pointer)
            return nil
        }, context)
        #expect(rc == 0)
        #expect(pump_wake_word_wait(word.pointer, 0, SystemClock.monotonicNanoseconds() + 3_600_000_000_000) == 0)
        pthread_join(thread, nil)
    }

    @Test func aFailureIsTheKernelsNegativeErrno() {
        // An address the process does not map: the kernel's EFAULT, as libc's errno gave before.
        let unmapped = UnsafeMutablePointer<UInt32>(bitPattern: 8)!
        #expect(pump_wake_word_wait(unmapped, 0, SystemClock.monotonicNanoseconds() + 1_000_000) == -EFAULT)
    }
}
