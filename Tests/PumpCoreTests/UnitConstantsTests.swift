@testable import PumpCore
import Testing

/// The literal unit constants (computed, not lazy globals: they sit on every wake) are the units
/// they name.
@Suite struct UnitConstantsTests {
    @Test func timeSpansAndInstantsAreTheirUnits() {
        #expect(TimeSpan.zero.nanoseconds == 0)
        #expect(TimeSpan.second == .seconds(1) && TimeSpan.minute == .seconds(60))
        #expect(TimeSpan.hour == .minutes(60) && TimeSpan.day == .hours(24))
        #expect(MonotonicInstant.distantFuture.nanoseconds == .max)
    }

    @Test func quantityZerosAreZero() {
        #expect(Volume.zero.nanolitres == 0 && DrugMass.zero.nanograms == 0)
        #expect(VolumeRate.zero.picolitresPerDay == 0 && MassRate.zero.nanogramsPerDay == 0)
    }

    @Test func dayAndWeekConstantsAreADayAndAWeekInNanoseconds() {
        #expect(OverinfusionGuard.day == Int128(TimeSpan.day.nanoseconds))
        #expect(WeeklyRateProfile.secondsPerWeek == 7 * 86_400)
        #expect(WeeklyRateProfile.nanosecondsPerWeek == Int128(WeeklyRateProfile.secondsPerWeek) * 1_000_000_000)
    }
}
