import Foundation
import Testing
import Varlink

/// The virtual clock as a harness uses it: a fixed start, wall-clock steps, and restarts that
/// resume at a later virtual time.
@Suite struct VirtualClockTests {
    @Test func aVirtualStartFixesTheWallClockTheRunBeginsAt() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
            .start()
        defer { daemon.shutdown() }
        #expect(try daemon.call("io.pumpd.Rig.GetClock")["time"] == "2026-01-05T08:00:00+00:00")
        let advanced = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 3_600])
        #expect(advanced["time"] == "2026-01-05T09:00:00+00:00")
    }

    @Test func aMalformedVirtualStartIsRefusedBeforeAnythingStarts() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "yesterday"])
        defer { daemon.shutdown() }
        #expect(throws: DaemonFailed.self) { try daemon.start(timeout: 20) }
        #expect(daemon.log.contains("--virtual-start must be an RFC 3339 time"), "\(daemon.logTail())")
    }

    @Test func steppingTheWallClockIsSeenAsAJumpAndDoesNotChangeDelivery() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
            .start()
        defer { daemon.shutdown() }
        let stepped = try daemon.call("io.pumpd.Rig.StepWallClock", ["seconds": -7_200])
        #expect(stepped["time"] == "2026-01-05T06:00:00+00:00")
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 86_400])
        // 500 µg/day at 2000 µg/mL in 250 nL steps: 1000 steps a day, whatever the wall clock says.
        #expect(try daemon.call("io.pumpd.Rig.GetTruth")["truth"]?["motorSteps"]?.integerValue == 1_000)
        let history = try daemon.call("io.pumpd.Pump.GetHistory", [
            "from": "2026-01-01T00:00:00Z", "kinds": ["wallClockJumped", "rigWallClockStepped"],
        ])
        let kinds = (history["events"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }
        #expect(kinds.contains("rigWallClockStepped") && kinds.contains("wallClockJumped"), "\(history)")
        // newest: true keeps the last events of the range, where the limit alone keeps the first.
        let everything = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z"])["events"]?.arrayValue ?? []
        let newest = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z", "limit": 2, "newest": true])
        let oldest = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z", "limit": 2])
        #expect(everything.count > 2)
        #expect(newest["events"]?.arrayValue == Array(everything.suffix(2)))
        #expect(oldest["events"]?.arrayValue == Array(everything.prefix(2)))
        #expect(try daemon.refusal("io.pumpd.Rig.StepWallClock", ["seconds": 0])?.name == "io.pumpd.Rig.InvalidValue")
    }

    /// A harness restarts a virtual run, as systemd restarts a crashed daemon, at the time and
    /// monotonic reading it reached plus an outage: the outage is missed, never caught up.
    @Test func aRestartThatContinuesTheVirtualBootCountsTheOutageAsMissedWithNoCatchUp() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"])
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 43_200])
        let clock = try daemon.call("io.pumpd.Rig.GetClock")
        let monotonic = try #require(clock["monotonic"]?.integerValue)
        let before = try daemon.status()
        daemon.kill9()
        // Twelve hours down at 0.25 mL/day: 125 000 nL missed, ± one 250 nL step.
        try daemon.start(
            extra: ["--virtual-start", "2026-01-06T08:00:00Z", "--virtual-monotonic", String(monotonic + 43_200 * 1_000_000_000)],
            until: .delivering)
        let restarted = try daemon.status()
        let missedBefore = try #require(before["missedTotal"]?.integerValue)
        let missedAfter = try #require(restarted["missedTotal"]?.integerValue)
        #expect((125_000 - 250...125_000 + 250).contains(missedAfter - missedBefore), "\(before) → \(restarted)")
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 3_600])
        let after = try daemon.status()
        let steps = try #require(after["stepsMoved"]?.integerValue) - (try #require(restarted["stepsMoved"]?.integerValue))
        // One hour at 1000 steps a day: 41 or 42 steps, nothing for the twelve hours down.
        #expect((41...43).contains(steps), "\(steps) steps in the hour after the restart")
    }

    /// Without a monotonic reading the virtual clock's monotonic time follows its wall time, so a
    /// restart at a later wall time still measures the outage exactly.
    @Test func aRestartAtALaterVirtualStartAloneMeasuresTheOutageByTheWallClock() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"])
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 43_200])
        daemon.kill9()
        try daemon.start(extra: ["--virtual-start", "2026-01-06T08:00:00Z"], until: .delivering)
        // The restored event is logged by the storage task after pumpd answers: wait for it, bounded.
        var restored: JSONObject = [:]
        #expect(try waitFor(20) {
            restored = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z", "kinds": ["restored"]])
            return restored["events"]?[0] != nil
        })
        let summary = restored["events"]?[0]?["summary"]?.stringValue ?? ""
        #expect(summary.contains("outage of 12 h"), "\(restored)")
        #expect((125_000 - 250...125_000 + 250).contains(try #require(try daemon.status()["missedTotal"]?.integerValue)))
    }
}
