import PumpCore
import Testing

/// Ending a running bolus early: the bolus stops, the basal program carries on.
@Suite struct EndBolusTests {
    typealias F = SessionFixtures
    static let patientPolicy = PatientBolusPolicy(dose: .micrograms(20), duration: .minutes(10), lockout: .hours(1), maximumPerDay: 4)

    @Test func endingABolusStopsItAndTheBasalKeepsRunning() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        try session.requestBolus(.single(dose: .micrograms(50), duration: .minutes(30)), at: F.at(.hours(1)))
        session.runSteps(until: F.at(.hours(1) + .minutes(6)))
        let ended = try session.endBolus(at: F.at(.hours(1) + .minutes(6)))
        #expect(ended.kind == .singleBolus && ended.volume == .microlitres(25))
        #expect(session.planner.onDemandBolus == nil)
        #expect(session.mode == .running)
        #expect(session.currentRate == .microlitresPerDay(250))
        let moved = try #require(session.planner.lastEnded[.singleBolus])
        #expect(!moved.completed && moved.moved < .microlitres(25) && moved.moved > .zero)
        #expect(session.eventKinds().contains { if case .bolusInterrupted(.singleBolus, _, .microlitres(25)) = $0 { true } else { false } })
        // The next 6 hours deliver the basal only: 250 steps of 250 nL.
        #expect(session.runSteps(until: F.at(.hours(7) + .minutes(6))) == 250)
    }

    @Test func endingWhenNoBolusRunsIsRefusedAndChangesNothing() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        let before = session.checkpoint()
        #expect(throws: TherapyError.noBolusRunning(nil)) { try session.endBolus(at: F.at(.hours(1))) }
        #expect(session.checkpoint() == before)
    }

    @Test func endingOnlyAPatientBolusLeavesASingleBolusRunning() throws {
        var session = F.session()
        try session.commit(F.prescription(patient: Self.patientPolicy), at: F.origin)
        try session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(30)), at: F.at(.hours(1)))
        #expect(throws: TherapyError.noBolusRunning(.patientBolus)) { try session.endBolus(.patientBolus, at: F.at(.hours(1))) }
        #expect(session.planner.onDemandBolus?.kind == .singleBolus)
    }

    @Test func anEndedPatientBolusStillCountsInTheLockout() throws {
        var session = F.session()
        try session.commit(F.prescription(patient: Self.patientPolicy), at: F.origin)
        try session.requestBolus(.patient, at: F.at(.hours(1)))
        try session.endBolus(.patientBolus, at: F.at(.hours(1) + .minutes(1)))
        #expect(throws: TherapyError.lockout(remaining: .minutes(58))) { try session.requestBolus(.patient, at: F.at(.hours(1) + .minutes(2))) }
    }
}
