import PumpCore
import Testing

/// What people need to see without pressing and being refused: patient boluses used and left,
/// the lockout left, a bridge in progress, and the expected reservoir dates beside the worst case.
@Suite struct StatusFiguresTests {
    typealias F = SessionFixtures
    static let policy = PatientBolusPolicy(dose: .micrograms(10), duration: .minutes(5), lockout: .hours(2), maximumPerDay: 2)

    @Test func patientBolusesUsedLeftAndTheLockoutLeftAreShown() throws {
        var session = F.session()
        try session.commit(F.prescription(patient: Self.policy), at: F.origin)
        #expect(session.patientBolusStatus == PatientBolusStatus(used: 0, left: 2, lockoutRemaining: .zero, nextAllowedAt: nil))
        try session.requestBolus(.patient, at: F.at(.hours(1)))
        session.tick(at: F.at(.hours(1) + .minutes(30)))
        let status = try #require(session.patientBolusStatus)
        #expect(status.used == 1 && status.left == 1)
        #expect(status.lockoutRemaining == .minutes(90))
        #expect(status.nextAllowedAt == F.at(.hours(3)).wall)
    }

    @Test func whenEveryBolusIsUsedTheNextIsAllowedWhenTheOldestLeavesTheDay() throws {
        var session = F.session()
        try session.commit(F.prescription(patient: Self.policy), at: F.origin)
        try session.requestBolus(.patient, at: F.at(.hours(1)))
        try session.requestBolus(.patient, at: F.at(.hours(4)))
        session.tick(at: F.at(.hours(10)))
        let status = try #require(session.patientBolusStatus)
        #expect(status.used == 2 && status.left == 0 && status.lockoutRemaining == .zero)
        #expect(status.nextAllowedAt == F.at(.hours(25)).wall)
        #expect(throws: TherapyError.patientBolusDailyMaximum(used: 2, maximum: 2)) { try session.requestBolus(.patient, at: F.at(.hours(10))) }
    }

    @Test func noPatientBolusPolicyShowsNoPatientBolusStatus() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.patientBolusStatus == nil)
    }

    @Test func aBridgeInProgressShowsTheOldDrugLeftShrinkingUntilTheNewReachesTheTip() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.bridge == nil)
        let baclofen500 = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(500))
        try session.refill(RefillRequest(volume: .millilitres(20), drug: baclofen500, withdrawn: .millilitres(20)), accepting: WarningAcceptance(codes: [.concentrationChanged]), at: F.at(.hours(1)))
        let start = try #require(session.bridge)
        #expect(start.oldDrugLeft == .microlitres(200) && start.oldConcentration == .microgramsPerMillilitre(2000))
        #expect(start.volumeRateChangesAt == F.at(.hours(1) + .hours(19) + .minutes(12)).wall)
        session.runSteps(until: F.at(.hours(11)))
        let midway = try #require(session.bridge)
        #expect(midway.oldDrugLeft < start.oldDrugLeft && midway.oldDrugLeft > .zero)
        session.runSteps(until: F.at(.days(2)))
        #expect(session.bridge == nil)
    }

    @Test func theExpectedEmptyDateLeavesOutPatientBolusesAndIsNeverBeforeTheWorstCase() throws {
        var session = F.session()
        try session.commit(F.prescription(patient: Self.policy), at: F.origin)
        let worst = try #require(session.forecast.emptyAt)
        let expected = try #require(session.expectedForecast.emptyAt)
        #expect(expected > worst)
        // 19.5 mL above the empty threshold at 250 µL/day: 78 days.
        #expect(expected == F.at(.days(78)).wall)
    }
}
