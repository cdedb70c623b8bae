import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// The control loop driving the simulated buzzer and lamps: edges at exact virtual instants,
/// re-alert, silence, acknowledgement, the alarm test and the power-on self-test.
@Suite struct AnnunciationCycleTests {
    /// Sound onsets in ms after `start`.
    static func onsets(_ bench: SimulatedBench, after start: MonotonicInstant) -> [Int64] {
        bench.rig.alarmOutputs.edges(of: .buzzer).filter { $0.on && $0.at >= start }.map { ($0.at - start).nanoseconds / 1_000_000 }
    }

    static func raise(_ bench: SimulatedBench, _ kind: AlarmKind) -> MonotonicInstant {
        let now = bench.now
        bench.driver.apply { session, reading in session.raiseAlarm(kind, evidence: "test", at: reading) }
        return now
    }

    @Test func aCriticalAlarmSoundsTheHighBurstAtExactVirtualInstantsAndRepeatsEveryTenSeconds() throws {
        let bench = try SimulatedBench()
        bench.driver.advance(by: .seconds(3))
        #expect(bench.rig.alarmOutputs.record.edges.isEmpty)  // an idle pump drives nothing
        let start = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(12))
        let burst: [Int64] = [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250]
        #expect(Self.onsets(bench, after: start) == burst + burst.prefix(6).map { $0 + 10_000 })
        let offs = bench.rig.alarmOutputs.edges(of: .buzzer).filter { !$0.on }.map { ($0.at - start).nanoseconds / 1_000_000 }
        #expect(Array(offs.prefix(3)) == [150, 400, 650])
        let red = bench.rig.alarmOutputs.edges(of: .red).prefix(4).map { (($0.at - start).nanoseconds / 1_000_000, $0.on) }
        #expect(red.map(\.0) == [0, 250, 500, 750] && red.map(\.1) == [true, false, true, false])
        #expect(bench.rig.alarmOutputs.edges(of: .yellow).isEmpty)
    }

    @Test func aMediumAlarmReAlertsAfterItsIntervalAndNotBefore() throws {
        var settings = SimulatedBench.settings
        settings.annunciation = AnnunciationSettings(reAlertMedium: .minutes(15))
        let bench = try SimulatedBench(settings: settings)
        let start = Self.raise(bench, .reservoirLow)
        bench.driver.advance(by: .minutes(15) - .milliseconds(1))
        #expect(Self.onsets(bench, after: start) == [0, 325, 650])
        bench.driver.advance(by: .seconds(1))
        #expect(Self.onsets(bench, after: start) == [0, 325, 650, 900_000, 900_325, 900_650])
    }

    @Test func silencePausesTheBuzzerButTheLampFlashesOnAndANewCriticalAlarmBreaksIt() throws {
        let bench = try SimulatedBench()
        let start = Self.raise(bench, .reservoirLow)
        bench.driver.advance(by: .seconds(1))
        let until = try bench.driver.performOnCycle { cycle, reading in Result { try cycle.silenceAlarms(for: .minutes(1), at: reading) } }.get()
        #expect(until == bench.clock.now().wall + .minutes(1))
        #expect(bench.session.alarms.active[.reservoirLow]?.acknowledgedAt == nil)
        let silencedAt = bench.now
        bench.driver.advance(by: .seconds(30))
        #expect(Self.onsets(bench, after: silencedAt).isEmpty)
        #expect(bench.rig.alarmOutputs.edges(of: .yellow).contains { $0.at > silencedAt && $0.on })
        let critical = Self.raise(bench, .motorStall)
        bench.driver.advance(by: .milliseconds(1))
        #expect(Self.onsets(bench, after: silencedAt) == [(critical - silencedAt).nanoseconds / 1_000_000])
        #expect(bench.rig.alarmOutputs.record.driven.red)
        _ = start
    }

    @Test func silenceEndsOnItsOwnAndTheBurstReturnsAtItsEnd() throws {
        let bench = try SimulatedBench()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .milliseconds(900))  // between pulses
        let silencedAt = bench.now
        _ = try bench.driver.performOnCycle { cycle, reading in Result { try cycle.silenceAlarms(for: .seconds(90), at: reading) } }.get()
        bench.driver.advance(by: .seconds(91))
        #expect(Self.onsets(bench, after: silencedAt).first == 90_000)
    }

    @Test func acknowledgingStopsTheSoundButTheLampStaysWhileTheCauseLasts() throws {
        let bench = try SimulatedBench()
        _ = Self.raise(bench, .reservoirLow)
        bench.driver.advance(by: .seconds(2))
        bench.driver.apply { session, reading in try! session.acknowledgeAlarm(.reservoirLow, at: reading) }
        let acknowledgedAt = bench.now
        bench.driver.advance(by: .hours(2))
        #expect(Self.onsets(bench, after: acknowledgedAt).isEmpty)
        #expect(bench.rig.alarmOutputs.edges(of: .yellow).contains { $0.at > acknowledgedAt + .hours(1) && $0.on })
        #expect(bench.isActive(.reservoirLow))  // acknowledged, not cleared
    }

    @Test func anAcknowledgedCriticalAlarmWhoseCauseLastsSoundsAgainAfterFifteenMinutesUntilAcknowledgedAgain() throws {
        let bench = try SimulatedBench()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .milliseconds(1_800))  // between pulses
        bench.driver.apply { session, reading in try! session.acknowledgeAlarm(.occlusion, at: reading) }
        let acknowledgedAt = bench.now
        let snapshot = try #require(bench.cycle.snapshot().annunciation)
        #expect(snapshot.priority == .high && snapshot.sound == nil)
        #expect(snapshot.soundReturnsAt == bench.clock.now().wall + .minutes(15))
        bench.driver.advance(by: .minutes(15) - .milliseconds(1))
        #expect(Self.onsets(bench, after: acknowledgedAt).isEmpty)
        #expect(bench.rig.alarmOutputs.edges(of: .red).contains { $0.at > acknowledgedAt + .minutes(14) && $0.on })
        bench.driver.advance(by: .milliseconds(10_100))
        let burst: [Int64] = [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250]
        #expect(Self.onsets(bench, after: acknowledgedAt + .minutes(15)) == burst + [10_000])
        #expect(bench.cycle.snapshot().annunciation?.sound == .high)
        bench.driver.apply { session, reading in try! session.acknowledgeAlarm(.occlusion, at: reading) }
        let again = bench.now
        bench.driver.advance(by: .minutes(14))
        #expect(Self.onsets(bench, after: again).isEmpty)
    }

    @Test func silencingWithNothingSoundingOrBeyondTheLongestSilenceIsRefusedAndChangesNothing() throws {
        let bench = try SimulatedBench()
        let nothing = bench.driver.performOnCycle { cycle, reading in Result { try cycle.silenceAlarms(for: .minutes(1), at: reading) } }
        #expect(throws: AnnunciationError.nothingToSilence) { try nothing.get() }
        _ = Self.raise(bench, .occlusion)
        let tooLong = bench.driver.performOnCycle { cycle, reading in Result { try cycle.silenceAlarms(for: .minutes(5), at: reading) } }
        #expect(throws: AnnunciationError.silenceOutOfRange(asked: .minutes(5), longest: .minutes(2))) { try tooLong.get() }
        #expect(bench.cycle.annunciation.annunciator.silencedUntil == nil)
        #expect(!bench.cycle.takeEvents().contains { if case .alarmsSilenced = $0.kind { true } else { false } })
    }

    @Test func theAlarmTestPassesOnAWorkingRigAndReportsEachOutput() throws {
        let bench = try SimulatedBench()
        _ = bench.cycle.takeEvents()
        let started = try bench.driver.performOnCycle { cycle, reading in Result { try cycle.startAlarmTest(at: reading) } }.get()
        #expect(started.finishedCount == 1)
        let start = bench.now
        bench.driver.advance(by: .milliseconds(6_500))
        let report = try #require(bench.cycle.annunciation.lastAlarmTest)
        #expect(report.passed && !report.interrupted)
        #expect(report.duration == .milliseconds(6_500))
        #expect(report.items.map(\.subject) == ["buzzer", "red LED", "yellow LED"])
        #expect(report.items.map(\.outcome) == [.passed, .unverified, .unverified])
        #expect(Self.onsets(bench, after: start).count == AlarmTestPlan.pulses)
        #expect(!bench.isActive(.alarmSystemFailure))
        #expect(bench.cycle.takeEvents().contains { if case .alarmTest = $0.kind { true } else { false } })
        #expect(bench.rig.alarmOutputs.record.driven == .off)
    }

    @Test func aDeadBuzzerFailsTheAlarmTestAndRaisesAlarmSystemFailureWhileDeliveryGoesOn() throws {
        let bench = try SimulatedBench()
        bench.program()
        bench.driver.advance(by: .minutes(1))
        bench.rig.faults.setDeadBuzzer()
        _ = try bench.driver.performOnCycle { cycle, reading in Result { try cycle.startAlarmTest(at: reading) } }.get()
        bench.driver.advance(by: .seconds(7))
        let report = try #require(bench.cycle.annunciation.lastAlarmTest)
        #expect(!report.passed)
        #expect(report.items.first?.outcome == .failed)
        #expect(report.items.first?.evidence.contains("14 silent while driven on") == true)
        let alarm = try #require(bench.session.alarms.active[.alarmSystemFailure])
        #expect(alarm.evidence.hasPrefix("alarm test: buzzer: "))
        #expect(bench.rig.alarmOutputs.record.buzzerEdges == 0)
        #expect({ if case .running = bench.session.mode { true } else { false } }())
    }

    @Test func aDeadBuzzerWhileAnAlarmSoundsIsFoundByTheSenseWithinThreePulses() throws {
        let bench = try SimulatedBench()
        bench.rig.faults.setDeadBuzzer()
        let start = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(2))
        let alarm = try #require(bench.session.alarms.active[.alarmSystemFailure])
        #expect(alarm.evidence.contains("buzzer sense read silent while the buzzer was driven on"))
        // Checked at each pulse's end: the third ends 650 ms after the alarm.
        let raised = bench.session.alarms.active[.alarmSystemFailure]!.raisedAt
        #expect(raised == SimulatedBench.origin.wall + (start - SimulatedBench.origin.monotonic) + .milliseconds(650))
    }

    @Test func aBuzzerStillDeadAfterAcknowledgementRaisesAlarmSystemFailureAgain() throws {
        let bench = try SimulatedBench()
        bench.rig.faults.setDeadBuzzer()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(2))
        #expect(bench.session.alarms.active[.alarmSystemFailure]?.causePresent == true)  // known dead
        bench.driver.apply { session, reading in try! session.acknowledgeAlarm(.alarmSystemFailure, at: reading) }
        let acknowledged = bench.clock.now().wall
        #expect(bench.session.alarms.active[.alarmSystemFailure]?.acknowledgedAt == acknowledged)
        bench.driver.advance(by: .seconds(2))  // the burst's next pulses stay silent
        let again = try #require(bench.session.alarms.active[.alarmSystemFailure])
        #expect(again.acknowledgedAt == nil && again.raisedAt > acknowledged)
        #expect(again.evidence.contains("buzzer sense read silent while the buzzer was driven on"))
    }

    @Test func aRestartWithABuzzerKnownDeadKeepsItsCauseThoughTheSenseReadsSilentWhileOff() throws {
        let bench = try SimulatedBench()
        bench.rig.faults.setDeadBuzzer()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(2))
        #expect(bench.session.alarms.active[.alarmSystemFailure]?.causePresent == true)
        // A restart: a new cycle on the same session and rig, its sense counts forgotten.
        let restarted = VirtualLoopDriver(
            cycle: ControlCycle(session: bench.session, rig: bench.rig.io, settings: SimulatedBench.settings), clock: bench.clock)
        try restarted.start()
        // Checked before the burst's third silent pulse (650 ms) would raise it afresh.
        for _ in 0..<6 {
            restarted.advance(by: .milliseconds(100))
            #expect(restarted.cycle.session.alarms.active[.alarmSystemFailure]?.causePresent == true)
        }
    }

    @Test func aPulseHeardEndsTheDeadBuzzersCause() throws {
        let bench = try SimulatedBench()
        bench.rig.faults.setDeadBuzzer()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(2))
        bench.rig.faults.clearDeadBuzzer()
        bench.driver.advance(by: .seconds(2))
        let alarm = try #require(bench.session.alarms.active[.alarmSystemFailure])
        #expect(!alarm.causePresent)  // latched until a clinician acknowledges it
        bench.driver.apply { session, reading in try! session.acknowledgeAlarm(.alarmSystemFailure, at: reading) }
        #expect(!bench.isActive(.alarmSystemFailure))
    }

    @Test func aBuzzerStuckSoundingRaisesAlarmSystemFailureThoughItReadsRightAtEveryPulse() throws {
        let bench = try SimulatedBench(io: { rig in
            var io = rig.io
            io.alarmOutputs = io.alarmOutputs.map { StuckSoundingBuzzer($0) }
            return io
        })
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(2))
        let alarm = try #require(bench.session.alarms.active[.alarmSystemFailure])
        #expect(alarm.causePresent)  // it reads sounding at each pulse's end, never silent between
        #expect(alarm.evidence.contains("buzzer sense read sounding while the buzzer was driven off"))
    }

    @Test func aBuzzerStuckSoundingWhileNothingAnnunciatesIsFoundByTheSwitchPoll() throws {
        let bench = try SimulatedBench(io: { rig in
            var io = rig.io
            io.alarmOutputs = io.alarmOutputs.map { StuckSoundingBuzzer($0) }
            return io
        })
        #expect(bench.rig.alarmOutputs.record.edges.isEmpty)  // no alarm: no burst to check it at
        bench.driver.advance(by: .seconds(1))
        let alarm = try #require(bench.session.alarms.active[.alarmSystemFailure])
        #expect(alarm.causePresent && alarm.evidence.contains("sounding while the buzzer was driven off"))
    }

    @Test func aWorkingBuzzerThroughAMinuteOfHighBurstsAndPollsRaisesNoAlarmSystemFailure() throws {
        let bench = try SimulatedBench()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .seconds(60))
        #expect(Self.onsets(bench, after: SimulatedBench.origin.monotonic).count >= 60)
        #expect(bench.session.alarms.active[.alarmSystemFailure] == nil)
    }

    @Test func shutdownDrivesTheBuzzerAndLampsOff() throws {
        let bench = try SimulatedBench()
        _ = Self.raise(bench, .occlusion)
        bench.driver.advance(by: .milliseconds(100))
        #expect(bench.rig.alarmOutputs.record.driven == AnnunciatorLevels(buzzer: true, red: true))
        bench.cycle.shutdown(at: bench.clock.now())
        #expect(bench.rig.alarmOutputs.record.driven == .off)
        #expect(!bench.rig.alarmOutputs.record.sounding)
    }

    @Test func silencingOnARigWithoutAlarmOutputsIsRefused() throws {
        let bench = try SimulatedBench(io: { rig in
            var io = rig.io
            io.alarmOutputs = nil
            return io
        })
        _ = Self.raise(bench, .occlusion)
        let silenced = bench.driver.performOnCycle { cycle, reading in Result { try cycle.silenceAlarms(for: .minutes(1), at: reading) } }
        #expect(throws: AnnunciationError.noAlarmOutputs) { try silenced.get() }
        #expect(!bench.cycle.takeEvents().contains { if case .alarmsSilenced = $0.kind { true } else { false } })
    }

    @Test func aSilenceAsANewAlarmCutsAnAlarmTestShortStillReportsTheTest() throws {
        let bench = try SimulatedBench()
        _ = try bench.driver.performOnCycle { cycle, reading in Result { try cycle.startAlarmTest(at: reading) } }.get()
        bench.driver.advance(by: .seconds(1))
        // The alarm and the silence in one command, before any wake annunciates the alarm.
        let silenced = bench.driver.performOnCycle { cycle, reading in
            cycle.perform(at: reading) { session, now in session.raiseAlarm(.occlusion, evidence: "test", at: now) }
            return Result { try cycle.silenceAlarms(for: .minutes(1), at: reading) }
        }
        _ = try silenced.get()
        let report = try #require(bench.cycle.annunciation.lastAlarmTest)
        #expect(report.interrupted)
        #expect(bench.cycle.annunciation.alarmTestsFinished == 1)
        bench.rig.faults.setDeadBuzzer()
        bench.driver.advance(by: .minutes(2))  // the sense counts outside a test again
        #expect(bench.isActive(.alarmSystemFailure))
    }

    @Test func anInterruptingAlarmCutsTheTestShortWithoutFailingIt() throws {
        let bench = try SimulatedBench()
        _ = try bench.driver.performOnCycle { cycle, reading in Result { try cycle.startAlarmTest(at: reading) } }.get()
        bench.driver.advance(by: .seconds(1))
        _ = Self.raise(bench, .occlusion)
        let report = try #require(bench.cycle.annunciation.lastAlarmTest)
        #expect(report.interrupted && report.passed)
        #expect(!bench.isActive(.alarmSystemFailure))
    }
}

/// What an unacknowledged alarm's buzzer and lamp edges cost the loop.
@Suite struct AnnunciationWakeCostTests {
    @Test func aWakeForAnOutputEdgeAloneSkipsTheSessionPollsAndStepsButKeepsEveryEdgeAndPoll() throws {
        let bench = try SimulatedBench()
        let cycle = bench.driver.cycle
        let start = AnnunciationCycleTests.raise(bench, .occlusion)
        let before = (cycle.wakeCount, cycle.outputsOnlyWakeCount)
        bench.driver.advance(by: .seconds(10))
        let wakes = cycle.wakeCount - before.0
        let outputsOnly = cycle.outputsOnlyWakeCount - before.1
        // Switches every 500 ms and pressure every 1 s: about 20 full wakes; the high burst's edges
        // (20 sound, 20+ lamp edges in the first 3.5 s, lamp flashing after) come between them.
        #expect(wakes - outputsOnly <= 25, "full wakes \(wakes - outputsOnly) of \(wakes)")
        #expect(outputsOnly >= 20, "outputs-only wakes \(outputsOnly) of \(wakes)")
        let burst: [Int64] = [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250]
        #expect(AnnunciationCycleTests.onsets(bench, after: start) == burst + [10_000])  // the repeat, on time
    }

    @Test func aCommandWaitingOrASessionChangedFromOutsideMakesTheNextWakeFull() throws {
        let bench = try SimulatedBench()
        let cycle = bench.driver.cycle
        _ = AnnunciationCycleTests.raise(bench, .reservoirLow)
        bench.driver.advance(by: .milliseconds(1))
        let outputsOnly = cycle.outputsOnlyWakeCount
        // A change made through perform: its wake at once must run the session, not the fast path.
        bench.driver.apply { session, reading in session.raiseAlarm(.sensorDegraded, evidence: "test", at: reading) }
        #expect(cycle.outputsOnlyWakeCount == outputsOnly)
        cycle.inbox.enqueue(cycle: { _, _ in })
        #expect(cycle.inbox.hasPending)
        _ = cycle.wake(at: bench.clock.now())
        #expect(!cycle.inbox.hasPending)
        #expect(cycle.outputsOnlyWakeCount == outputsOnly)
    }
}
