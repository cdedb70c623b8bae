import PumpCore
import Testing

/// The line test in the therapy core: after an acknowledged occlusion, Resume pushes a bounded
/// volume before therapy returns, and only a passed test clears the occlusion.
@Suite struct LineTestSessionTests {
    typealias F = SessionFixtures

    /// A session delivering for an hour on a rig with `plan`, then occluded and acknowledged at 2 h.
    static func occluded(plan: LineTestPlan) throws -> TherapySession {
        var rig = F.rig
        rig.lineTest = plan
        var session = TherapySession(
            rig: rig, fill: ReservoirFill(volume: .millilitres(20), drug: F.baclofen2000, filledAt: F.origin.wall, position: 0),
            pathPrimed: true, battery: F.battery, clock: F.origin)
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        session.raiseAlarm(.occlusion, evidence: "line pressure high", at: F.at(.hours(1)))
        try session.acknowledgeAlarm(.occlusion, at: F.at(.hours(2)))
        return session
    }

    static let greedy = LineTestPlan(volume: .microlitres(10), rate: .millilitresPerHour(1), clearSamples: 3, bolusLimit: .microlitres(1))

    @Test func lineTestNeverPushesMoreThanTheBolusLimitEvenWhenItsVolumeAsksForMore() throws {
        var session = try Self.occluded(plan: Self.greedy)
        let position = session.ledger.position
        try session.resume(at: F.at(.hours(2)))
        #expect(session.mode == .lineTest)
        // A day of chances to step: only the limit's four 250 nL steps are ever granted.
        #expect(session.runSteps(until: F.at(.hours(26))) == 4)
        #expect(session.ledger.position - position == 1_000_000)
        #expect(session.lineTestPushed == .microlitres(1))
        #expect(session.mode == .lineTest)  // waits for the loop's clear samples
        #expect(session.isOcclusionActive)
    }

    @Test func lineTestVolumeIsDeliveredDrugCountedAgainstTheDoseLimits() throws {
        var session = try Self.occluded(plan: Self.greedy)
        let hourBefore = session.ledger.recent.lastHour
        try session.resume(at: F.at(.hours(2)))
        session.runSteps(until: F.at(.hours(2) + .minutes(1)))
        // 1 µL of 2000 µg/mL is 2 µg in the trailing hour.
        #expect(session.ledger.recent.lastHour - hourBefore == .micrograms(2))
    }

    @Test func aPassedLineTestClearsTheOcclusionAndReturnsToTheProgramWithoutCatchUp() throws {
        var session = try Self.occluded(plan: Self.greedy)
        try session.resume(at: F.at(.hours(2)))
        session.runSteps(until: F.at(.hours(2) + .minutes(1)))
        _ = session.eventKinds()
        session.passLineTest(at: F.at(.hours(2) + .minutes(1)))
        #expect(session.mode == .running)
        #expect(!session.isOcclusionActive)
        let kinds = session.eventKinds()
        #expect(kinds.contains(.lineTestPassed(volume: .microlitres(1), duration: .minutes(1))))
        #expect(kinds.contains { if case .deliveryGap = $0 { true } else { false } })  // the stop is missed, not caught up
        #expect(session.runSteps(until: F.at(.hours(3) + .minutes(1))) == 41)
    }

    @Test func aFailedLineTestRaisesTheOcclusionAfreshAndStops() throws {
        var session = try Self.occluded(plan: Self.greedy)
        try session.resume(at: F.at(.hours(2)))
        session.runSteps(until: F.at(.hours(2) + .seconds(2)))
        session.failLineTest(evidence: "line pressure 70000 Pa ≥ line-test threshold 30000 Pa", at: F.at(.hours(2) + .seconds(2)))
        #expect(session.mode == .stopped(.alarm))
        #expect(session.alarms.active[.occlusion]?.acknowledgedAt == nil)
        #expect(session.alarms.active[.occlusion]?.evidence.contains("70000 Pa") == true)
        #expect(session.runSteps(until: F.at(.hours(5))) == 0)
        #expect(throws: TherapyError.blockedByAlarms([.occlusion])) { try session.resume(at: F.at(.hours(5))) }
    }

    @Test func aStopDuringTheLineTestCutsItShortAndTheOcclusionStillWaitsForATest() throws {
        var session = try Self.occluded(plan: Self.greedy)
        try session.resume(at: F.at(.hours(2)))
        session.runSteps(until: F.at(.hours(2) + .seconds(2)))
        session.stop(at: F.at(.hours(2) + .seconds(3)))
        #expect(session.mode == .stopped(.clinician))
        #expect(session.lineTestRun == nil)
        #expect(session.occlusionAwaitsLineTest)
        #expect(session.eventKinds().contains { if case .lineTestFailed = $0 { true } else { false } })
        try session.resume(at: F.at(.hours(3)))
        #expect(session.mode == .lineTest)  // a new test, not the program
    }
}

extension TherapySession {
    var isOcclusionActive: Bool { alarms.active[.occlusion]?.isActive == true }
}

/// A line test whose steps the dose limits hold back showed nothing: it fails, never passes.
@Suite struct LineTestDoseLimitTests {
    typealias F = SessionFixtures

    @Test func lineTestWithoutDoseHeadroomIsRefusedBeforeAnyStep() throws {
        // 100 µL at 10 mL/h is 200 µg of drug: beyond the 100 µg hourly maximum.
        let plan = LineTestPlan(volume: .microlitres(100), rate: .millilitresPerHour(10), clearSamples: 3, bolusLimit: .microlitres(100))
        var session = try LineTestSessionTests.occluded(plan: plan)
        let position = session.ledger.position
        _ = session.eventKinds()
        #expect {
            try session.resume(at: F.at(.hours(2)))
        } throws: { error in
            guard case TherapyError.limitExceeded(let violation) = error else { return false }
            return violation.field == "lineTest.volume"
        }
        #expect(session.runSteps(until: F.at(.hours(3))) == 0)
        #expect(session.ledger.position == position)
        #expect(session.mode == .stopped(.alarm))
        // The occlusion stays acknowledged, still awaiting a test: no false occlusion was raised.
        #expect(session.alarms.active[.occlusion]?.acknowledgedAt != nil)
        #expect(!session.eventKinds().contains { if case .alarmRaised = $0 { true } else { false } })
    }
}
