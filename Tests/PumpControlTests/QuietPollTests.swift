import PumpControl
import PumpCore
import PumpTestKit
import Testing

/// A quiet poll (its input reads clear, no cause to clear) leaves the session alone
/// (`ControlCycle.clearCauseIfPresent`): clearing an absent cause at the instant the wake's tick
/// already brought the session to would change nothing, so skipping it is exact.
@Suite struct QuietPollTests {
    /// Clears `kinds` (none present) on a copy of `ticked` and expects the same session.
    static func expectClearsChangeNothing(_ ticked: TherapySession, at reading: ClockReading) {
        var cleared = ticked
        for kind in [AlarmKind.driverFault, .reservoirSwitchLow, .alarmSystemFailure] {
            #expect(ticked.alarms.active[kind]?.causePresent != true)
            cleared.clearAlarmCause(kind, at: reading)
        }
        var ticked = ticked
        #expect(cleared.checkpoint() == ticked.checkpoint())
        #expect(cleared.nextStep() == ticked.nextStep())
        #expect(cleared.mode == ticked.mode)
        #expect(cleared.takeEvents() == ticked.takeEvents())
    }

    @Test func clearingAnAbsentCauseAtTheTickedInstantChangesNothingWhileRunning() throws {
        let bench = try SimulatedBench()
        bench.program()
        for _ in 0..<300 {  // 3 h in 37 s strides: across steps, polls and hour boundaries
            bench.driver.advance(by: .seconds(37))
            let reading = bench.clock.now()
            var ticked = bench.session
            ticked.tick(at: reading)
            Self.expectClearsChangeNothing(ticked, at: reading)
        }
    }

    @Test func clearingAnAbsentCauseAtTheTickedInstantChangesNothingWhileLeftStopped() throws {
        let bench = try SimulatedBench()
        bench.program()
        bench.driver.advance(by: .hours(1))
        bench.driver.perform { session, now in session.stop(at: now) }
        var sawReminder = false
        for _ in 0..<200 {  // past the left-stopped reminder, due an hour after the stop
            bench.driver.advance(by: .seconds(31))
            let reading = bench.clock.now()
            var ticked = bench.session
            ticked.tick(at: reading)
            sawReminder = sawReminder || ticked.alarms.active[.leftStopped] != nil
            Self.expectClearsChangeNothing(ticked, at: reading)
        }
        #expect(sawReminder)
    }
}
