import PumpCore
import Testing

/// The stall-retry count belongs to the session (review M5): kept across stops other than a
/// clinician's resume and across restarts, so a watchdog restart loop during a persistent stall
/// cannot retry forever.
@Suite struct StallRetryCountTests {
    typealias F = SessionFixtures

    func retried(times: Int) throws -> TherapySession {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        for attempt in 1...times {
            session.recordStallRetry(of: 5, unseenSteps: 3, reversed: false, evidence: "test stall", at: F.at(.minutes(Int64(attempt))))
        }
        return session
    }

    @Test func stallRetriesCountUpAndAreAuditedWithTheirAttempt() throws {
        var session = try retried(times: 2)
        #expect(session.stallRetriesUsed == 2)
        let attempts = session.takeEvents().compactMap { event -> Int? in
            if case .stallRetry(let attempt, _, _, _, _) = event.kind { return attempt }
            return nil
        }
        #expect(attempts == [1, 2])
    }

    @Test func theStallRetryCountSurvivesARestartSoARestartLoopStillLatches() throws {
        var session = try retried(times: 2)
        session.raiseAlarm(.motorStall, evidence: "test stall", at: F.at(.minutes(3)))
        let restored = TherapyCheckpointTests().restore(session.checkpoint(), outage: .seconds(5))
        #expect(restored.stallRetriesUsed == 2)
    }

    @Test func anAlarmStopDoesNotGrantMoreRetriesButAClinicianResumeDoes() throws {
        var session = try retried(times: 1)
        session.stop(at: F.at(.minutes(5)))
        #expect(session.stallRetriesUsed == 1)
        try session.resume(at: F.at(.minutes(6)))
        #expect(session.stallRetriesUsed == 0)
    }

    @Test func aCheckpointOfAnOlderBuildHasNoRetriesUsed() throws {
        var checkpoint = try retried(times: 1).checkpoint()
        checkpoint.stallRetriesUsed = nil
        #expect(TherapyCheckpointTests().restore(checkpoint, outage: .seconds(5)).stallRetriesUsed == 0)
    }
}
