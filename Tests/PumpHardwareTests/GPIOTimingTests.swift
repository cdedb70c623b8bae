import Testing

@testable import PumpHardware

@Suite("GPIO driver timing helpers")
struct GPIOTimingTests {
    @Test("sleeping until an absolute CLOCK_MONOTONIC deadline never wakes early")
    func sleepUntilDeadline() {
        for _ in 0..<5 {
            let deadline = GPIOClock.now() + 2_000_000
            GPIOClock.sleep(until: deadline)
            #expect(GPIOClock.now() >= deadline)
        }
        let before = GPIOClock.now()
        GPIOClock.sleep(until: before - 1_000_000_000)  // a past deadline returns at once
        #expect(GPIOClock.now() - before < 100_000_000)
    }

    @Test("debounce periods round up to whole microseconds for the kernel")
    func debounceRounding() {
        #expect(gpioDebounceMicroseconds(0) == 0)
        #expect(gpioDebounceMicroseconds(1) == 1)
        #expect(gpioDebounceMicroseconds(1_000) == 1)
        #expect(gpioDebounceMicroseconds(1_001) == 2)
        #expect(gpioDebounceMicroseconds(5_000_000) == 5_000)
        #expect(gpioDebounceMicroseconds(.max) == .max)
    }

    @Test("durations in messages use the largest whole unit")
    func durationText() {
        #expect(GPIOClock.text(nanoseconds: 500_000_000) == "500 ms")
        #expect(GPIOClock.text(nanoseconds: 250_000) == "250 µs")
        #expect(GPIOClock.text(nanoseconds: 1_900) == "1900 ns")
        #expect(GPIOClock.text(nanoseconds: 0) == "0 ns")
    }
}
