import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// The line test after an occlusion, through the real control cycle on the simulated rig: relief
/// does not clear the occlusion, a resume proves the line before therapy returns, and a line
/// still blocked gets at most the post-occlusion bolus limit.
@Suite struct LineTestTests {
    /// The bench rig with `plan` as its line test.
    static func rig(_ plan: LineTestPlan) -> RigConfiguration {
        var rig = SimulatedBench.rigConfiguration
        rig.lineTest = plan
        return rig
    }

    /// The sim.toml plan: 1 µL at 100 µL/h, 30 kPa, 5 clear samples, limit 2 µL.
    static let simPlan = LineTestPlan(
        volume: .microlitres(1), rate: .microlitresPerHour(100), clearSamples: 5, bolusLimit: .microlitres(2), thresholdPascals: 30_000)

    /// A bench delivering for an hour, then occluded until the alarm stops it (relief `reliefSteps`).
    static func occludedBench(plan: LineTestPlan = simPlan, reliefSteps: Int = 2, withSwitch: Bool = true) throws -> SimulatedBench {
        var settings = SimulatedBench.settings
        settings.reliefSteps = reliefSteps
        let bench = try SimulatedBench(settings: settings, rigConfiguration: rig(plan)) { rig in
            var io = rig.io
            if !withSwitch { io.occlusionSwitch = nil }
            return io
        }
        bench.program()
        bench.driver.advance(by: .hours(1))
        bench.rig.faults.setOcclusion()
        let took = bench.advance(until: { bench.isActive(.occlusion) }, limit: .hours(2))
        #expect(took != nil)
        #expect(bench.session.mode == .stopped(.alarm))
        return bench
    }

    static func events(_ bench: SimulatedBench) -> [TherapyEvent.Kind] {
        bench.driver.perform { session, _ in session.takeEvents().map(\.kind) }
    }

    @Test func occlusionCauseNotClearedByPressureRelief() throws {
        let bench = try Self.occludedBench()
        bench.rig.faults.clearOcclusion()
        bench.driver.advance(by: .minutes(10))  // relief and relaxation: the pressure is long back to zero
        #expect(bench.truth.pressurePascals < 1_000)
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
        #expect(bench.isActive(.occlusion))  // acknowledged, but the line was never shown open
        #expect(bench.session.occlusionAwaitsLineTest)
        #expect(bench.session.alarms.active[.occlusion]?.causeClearedAt == nil)
    }

    @Test func resumeAfterAClearedOcclusionRunsALineTestThenReturnsToTheProgram() throws {
        let bench = try Self.occludedBench()
        bench.rig.faults.clearOcclusion()
        bench.driver.advance(by: .minutes(10))
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
        _ = Self.events(bench)
        let pulses = bench.truth.encoderPulses, position = bench.session.ledger.position
        bench.driver.apply { session, now in try! session.resume(at: now) }
        #expect(bench.session.mode == .lineTest)
        let took = bench.advance(until: { bench.session.mode == .running }, slice: .milliseconds(100), limit: .minutes(5))
        #expect(took != nil)
        // 4 steps of 250 nL at 100 µL/h: the last is due at 36 s; 5 clear samples at 1 s follow.
        #expect(took.map { $0 >= .seconds(36) && $0 <= .seconds(43) } == true, "took \(String(describing: took))")
        #expect(bench.truth.encoderPulses - pulses == 4)
        #expect(bench.session.ledger.position - position == 1_000_000)  // 1 µL accounted as delivered
        #expect(!bench.isActive(.occlusion))
        let events = Self.events(bench)
        #expect(events.contains(.lineTestStarted(volume: .microlitres(1), rate: .microlitresPerHour(100))))
        #expect(events.contains { if case .lineTestPassed(.microlitres(1), _) = $0 { true } else { false } })
        #expect(events.contains { if case .alarmCleared(let alarm) = $0 { alarm.kind == .occlusion } else { false } })
        #expect(events.contains(.deliveryStarted))
    }

    @Test func resumeIntoStillBlockedLinePushesAtMostPostOcclusionBolusLimit() throws {
        // The plan asks for 10 µL; the limit is 2 µL (8 steps): the test never pushes more.
        let plan = LineTestPlan(
            volume: .microlitres(10), rate: .microlitresPerHour(100), clearSamples: 5, bolusLimit: .microlitres(2), thresholdPascals: 60_000)
        let bench = try Self.occludedBench(plan: plan, reliefSteps: 12, withSwitch: false)
        bench.driver.advance(by: .minutes(10))  // still blocked: relief left the pressure it held
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
        _ = Self.events(bench)
        let forward = bench.truth.stepsForward, reverse = bench.truth.reverseMoves
        bench.driver.apply { session, now in try! session.resume(at: now) }
        #expect(bench.session.mode == .lineTest)
        let took = bench.advance(until: { bench.session.mode != .lineTest }, slice: .milliseconds(100), limit: .minutes(10))
        #expect(took != nil)
        let pushed = bench.truth.stepsForward - forward
        #expect(pushed >= 1 && pushed * 250 <= 2_000, "pushed \(pushed) steps")
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(!bench.truth.enabled)
        #expect(bench.truth.reverseMoves > reverse)  // the pressure the test built was relieved
        let occlusion = bench.session.alarms.active[.occlusion]
        #expect(occlusion?.acknowledgedAt == nil)  // raised afresh, for a clinician to see
        #expect(occlusion?.evidence.contains("line test") == true)
        let events = Self.events(bench)
        #expect(events.contains { if case .lineTestFailed = $0 { true } else { false } })
        #expect(!events.contains(.deliveryStarted))
        let after = bench.truth.encoderPulses
        bench.driver.advance(by: .hours(1))
        #expect(bench.truth.encoderPulses == after)  // nothing more moves
    }

    @Test func aStillBlockedLineStillUnderPressureFailsTheTestBeforeAnyStep() throws {
        let bench = try Self.occludedBench(reliefSteps: 0)
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
        let forward = bench.truth.stepsForward
        bench.driver.apply { session, now in try! session.resume(at: now) }
        bench.driver.advance(by: .seconds(2))
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(bench.truth.stepsForward == forward)
        #expect(bench.session.alarms.active[.occlusion]?.evidence.contains("line test") == true)
    }

    @Test func resumeBeforeTheOcclusionIsAcknowledgedIsRefusedAndMovesNothing() throws {
        let bench = try Self.occludedBench()
        let refusal = bench.driver.perform { session, now -> TherapyError? in
            do throws(TherapyError) { try session.resume(at: now); return nil } catch { return error }
        }
        #expect(refusal == .blockedByAlarms([.occlusion]))
        #expect(bench.session.mode == .stopped(.alarm))
    }
}
