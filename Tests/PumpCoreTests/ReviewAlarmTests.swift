import PumpCore
import Testing

/// An alarm raised for a person's review (state accepted by hand at a start): it stops delivery
/// until acknowledged, and then clears, so a clinician can resume; never a cause nothing ends.
@Suite struct ReviewAlarmTests {
    typealias F = SessionFixtures

    func running() throws -> TherapySession {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        return session
    }

    @Test func aCriticalReviewAlarmStopsDeliveryUntilAcknowledgedAndThenLetsAClinicianResume() throws {
        var session = try running()
        session.raiseReviewAlarm(.storageFailure, evidence: "started from state that is not the last acknowledged", at: F.at(.hours(1)))
        #expect(session.alarms.blocksDelivery)
        #expect(throws: TherapyError.self) { try session.resume(at: F.at(.hours(1) + .minutes(1))) }
        try session.acknowledgeAlarm(.storageFailure, at: F.at(.hours(1) + .minutes(2)))
        #expect(session.alarms.active[.storageFailure]?.isActive != true)
        #expect(!session.alarms.blocksDelivery)
        try session.resume(at: F.at(.hours(1) + .minutes(3)))
        guard case .running = session.mode else { Issue.record("not running after the review: \(session.mode)"); return }
    }

    @Test func aReviewAlarmOverALiveOneKeepsBothEvidencesAndItsLastingCause() throws {
        var session = try running()
        session.raiseAlarm(.storageFailure, evidence: "write timed out", at: F.at(.hours(1)))
        #expect(session.alarms.active[.storageFailure]?.causePresent == true)
        session.raiseReviewAlarm(.storageFailure, evidence: "accepted by hand", at: F.at(.hours(1) + .seconds(1)))
        let alarm = try #require(session.alarms.active[.storageFailure])
        #expect(alarm.evidence == "write timed out; accepted by hand")
        #expect(alarm.causePresent, "the write's failure still holds until a write succeeds")
        #expect(alarm.acknowledgedAt == nil)
    }
}
