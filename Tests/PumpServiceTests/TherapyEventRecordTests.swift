import PumpService
import Testing
import Varlink

@testable import PumpCore

/// Durations in event messages read as people read them; the record's fields keep the integers
/// (issue 15: "restored after an outage of 5286115407 ns").
@Suite struct TherapyEventRecordTests {
    static func event(_ kind: TherapyEvent.Kind) -> TherapyEvent { TherapyEvent(time: CivilTime(unixNanoseconds: 0), kind: kind) }

    @Test func anOutageReadsAsADurationAndItsFieldStaysInSeconds() {
        let restored = Self.event(.restored(outage: TimeSpan(nanoseconds: 5_286_115_407), unrecorded: .nanolitres(250)))
        #expect(restored.kind.description == "restored after an outage of 5.2 s; up to 250 nL unrecorded before it, counted as pushed and as missed")
        #expect(restored.detail["outage"] == .integer(5))
    }

    @Test func aWallClockJumpReadsInHoursAndMinutesWithItsSign() {
        let jumped = Self.event(.wallClockJumped(by: TimeSpan(nanoseconds: -17_984_332_495_220)))
        #expect(jumped.kind.description == "wall clock jumped by -4 h 59 min")
        #expect(jumped.detail["by"] == .integer(-17_984))
    }

    @Test func aDeliveryGapReadsAsADurationAndAnExactVolume() {
        let gap = Self.event(.deliveryGap(duration: TimeSpan(nanoseconds: 25_884_831_000), missed: .nanolitres(258_333)))
        #expect(gap.kind.description == "delivery was off for 25 s: 258.333 µL missed, not caught up")
        #expect(gap.detail["duration"] == .integer(25))
        #expect(gap.detail["missed"] == .integer(258_333))
    }

    @Test func aStalledLoopReadsInMillisecondsAndKeepsThemExact() {
        let stalled = Self.event(.loopStalled(duration: TimeSpan(nanoseconds: 1_500_000_000), missed: .nanolitres(1_600)))
        #expect(stalled.kind.description == "control loop stalled for 1.5 s past its deadline: 1.6 µL missed, not caught up")
        #expect(stalled.detail["durationMs"] == .integer(1_500))
    }

    @Test func aDaemonRestartedAfterAnOutageSaysHowLongInWords() {
        let started = ServiceEvent.daemonStarted(profile: "sim.toml", rig: "bench", clock: "real", restoredAfter: .seconds(5_286))
        #expect(started.summary.hasSuffix("state restored after an outage of 1 h 28 min"), "\(started.summary)")
        #expect(started.detail["outage"] == .integer(5_286))
    }
}
