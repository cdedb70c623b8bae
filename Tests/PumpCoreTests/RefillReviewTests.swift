import PumpCore
import Testing

/// Refills are reviewed before they are committed: a drug swap is never silent, a new
/// concentration makes a new program with the same doses, and the review shows the bridge.
@Suite struct RefillReviewTests {
    typealias F = SessionFixtures
    static let morphine = Drug(name: "morphine", concentration: .microgramsPerMillilitre(25_000))
    static let baclofen500 = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(500))

    func running() throws -> TherapySession {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.days(1)))
        _ = session.takeEvents()
        return session
    }

    func violations(_ result: Result<FillReview, TherapyError>) -> [LimitViolation] {
        if case .failure(.invalidRefill(let violations)) = result { violations } else { [] }
    }

    @Test func aDrugNameThatIsNotOneShortLineIsRefusedOnceAtItsPath() throws {
        let session = try running()
        func fields(_ name: String) -> [String] {
            violations(session.reviewRefill(RefillRequest(volume: .millilitres(20), drug: Drug(name: name, concentration: .microgramsPerMillilitre(2000)), withdrawn: .zero))).map(\.field)
        }
        // A newline would forge a line in the audit and the journal; blank is one mistake, reported once.
        #expect(fields("baclofen\npumpd: alarm cleared: all") == ["refill.drug.name"])
        #expect(fields("baclofen\u{1B}[2J") == ["refill.drug.name"])
        #expect(fields(String(repeating: "b", count: PrescriptionValidator.maximumDrugNameLength + 1)) == ["refill.drug.name"])
        #expect(fields(" ") == ["refill.drug.name"])
    }

    @Test func aRefillWithAnotherDrugAndNoProgramForItIsRefusedAndChangesNothing() throws {
        var session = try running()
        let request = RefillRequest(volume: .millilitres(20), drug: Self.morphine, withdrawn: .millilitres(19))
        #expect(violations(session.reviewRefill(request)).map(\.field) == ["refill.drug.name"])
        #expect(violations(session.reviewRefill(request)).first?.rule == .drugChangeNeedsPrescription)
        let before = session.checkpoint()
        #expect(throws: TherapyError.self) { try session.refill(request, at: F.at(.days(1))) }
        #expect(session.checkpoint() == before)
        #expect(session.prescription?.drug == F.baclofen2000)
    }

    @Test func aDrugSwapWithAProgramForTheNewDrugCommitsThatProgram() throws {
        var session = try running()
        var morphineProgram = F.prescription(dailyDose: 500, drug: Self.morphine)
        morphineProgram.lowReservoirAlarm = .millilitres(2)
        let request = RefillRequest(volume: .millilitres(20), drug: Self.morphine, withdrawn: .millilitres(19), prescription: morphineProgram)
        let review = try session.reviewRefill(request).get()
        #expect(review.newProgram == morphineProgram)
        try session.refill(request, accepting: WarningAcceptance(codes: Set(review.warnings.map(\.code))), at: F.at(.days(1)))
        #expect(session.prescription == morphineProgram)
        #expect(session.fill.drug == Self.morphine)
    }

    @Test func aDrugSwapNeverMetersTheCathetersOldDrugAsTheNewOne() throws {
        var session = try running()
        let morphineProgram = F.prescription(dailyDose: 500, drug: Self.morphine)
        let request = RefillRequest(volume: .millilitres(20), drug: Self.morphine, withdrawn: .millilitres(19), prescription: morphineProgram)
        let review = try session.reviewRefill(request).get()
        #expect(review.bridge == nil, "no bridge: the old drug is not delivered under the new program")
        #expect(review.rows.contains { $0.label == "fluid path" && $0.new.contains("aspirate") })
        let stepsBefore = session.planner.commandedPosition
        try session.refill(request, accepting: WarningAcceptance(codes: Set(review.warnings.map(\.code))), at: F.at(.days(1)))
        #expect(session.mode == .stopped(.clinician))
        #expect(session.planner.concentrationAtTip == .none, "the path counts as drug-free until primed")
        #expect(throws: TherapyError.pathNotPrimed) { try session.resume(at: F.at(.days(1) + .minutes(1))) }
        session.runSteps(until: F.at(.days(2)))
        #expect(session.planner.commandedPosition == stepsBefore, "nothing moves until a clinician primes and resumes")
        try session.prime(newPath: false, at: F.at(.days(2)))
        session.runSteps(until: F.at(.days(3)))
        #expect(session.planner.concentrationAtTip == Self.morphine.concentration)
        try session.resume(at: F.at(.days(3)))
        #expect(session.mode == .running)
    }

    @Test func aBolusDuringABridgeCountsItsDoseAtTheStrongerDrugStillInTheCatheter() throws {
        var session = try running()
        let request = RefillRequest(volume: .millilitres(20), drug: Self.baclofen500, withdrawn: .millilitres(19) + .microlitres(750))
        try session.refill(request, accepting: WarningAcceptance(codes: [.concentrationChanged]), at: F.at(.days(1)))
        try session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(10)), at: F.at(.days(1) + .minutes(1)))
        let task = try #require(session.planner.onDemandBolus)
        // Sized at the catheter's 2000 µg/mL: 10 µL is the 20 µg asked for, not 5 µg at the reservoir's 500.
        #expect(task.volume == .microlitres(10))
        #expect(session.doseConcentration(of: task) == F.baclofen2000.concentration)
        #expect(session.doseConcentration(of: task).mass(in: task.volume) == .micrograms(20))
    }

    @Test func aDrugSwapWhileAnAlarmHoldsThePumpKeepsTheAlarmsStop() throws {
        var session = try running()
        session.raiseAlarm(.occlusion, evidence: "test", at: F.at(.days(1)))
        #expect(session.mode == .stopped(.alarm))
        let request = RefillRequest(
            volume: .millilitres(20), drug: Self.morphine, withdrawn: .millilitres(19), prescription: F.prescription(dailyDose: 500, drug: Self.morphine))
        let review = try session.reviewRefill(request).get()
        try session.refill(request, accepting: WarningAcceptance(codes: Set(review.warnings.map(\.code))), at: F.at(.days(1) + .minutes(1)))
        #expect(session.mode == .stopped(.alarm), "the stop stays the alarm's: acknowledging it is still what people must do")
        #expect(session.planner.concentrationAtTip == .none)
    }

    @Test func aProgramForAnotherDrugThanTheOneFilledIsRefusedAtItsPath() throws {
        let session = try running()
        let request = RefillRequest(
            volume: .millilitres(20), drug: Self.morphine, withdrawn: .millilitres(19), prescription: F.prescription())
        let found = violations(session.reviewRefill(request))
        #expect(found.map(\.field) == ["refill.prescription.drug"])
        #expect(found.first?.rule == .prescriptionDrugDiffersFromFill)
    }

    @Test func aNewConcentrationMakesANewProgramWithTheSameDosesAndWarns() throws {
        var session = try running()
        let request = RefillRequest(volume: .millilitres(20), drug: Self.baclofen500, withdrawn: .millilitres(19) + .microlitres(750))
        let review = try session.reviewRefill(request).get()
        var expected = F.prescription()
        expected.drug = Self.baclofen500
        #expect(review.newProgram == expected)
        #expect(review.warnings.map(\.code) == [.concentrationChanged])
        #expect(review.warnings.first?.amount == .init(unit: "µg/mL", actual: 500, limit: 2000))
        #expect(review.rows.first { $0.label == "concentration" }.map { ($0.old, $0.new) } ?? ("", "") == ("2000 µg/mL", "500 µg/mL"))
        #expect(review.rows.first { $0.label == "basal daily dose" }?.changed == false)
        // The bridge: the 200 µL catheter holds the old drug, pushed at 250 µL/day: 19 h 12 min.
        let bridge = try #require(review.bridge)
        #expect(bridge.oldConcentration == .microgramsPerMillilitre(2000) && bridge.newConcentration == .microgramsPerMillilitre(500))
        #expect(bridge.oldDrugLeft == .microlitres(200))
        #expect(bridge.volumeRateChangesAt == F.at(.days(1) + .hours(19) + .minutes(12)).wall)

        try session.refill(request, accepting: WarningAcceptance(codes: [.concentrationChanged]), at: F.at(.days(1)))
        #expect(session.prescription == expected)
        let events = session.eventKinds()
        #expect(events.contains { if case .programCommitted = $0 { true } else { false } })
        #expect(events.contains { if case .refilled(let outcome) = $0 { outcome.acceptedWarnings == [.concentrationChanged] } else { false } })
    }

    @Test func aNewConcentrationThatBreaksTheRigIsRefusedAtTheConcentration() throws {
        let session = try running()
        // 500 µg/day at 1 µg/mL is 500 mL/day: far above the rig's maximum rate.
        let request = RefillRequest(
            volume: .millilitres(20), drug: Drug(name: "baclofen", concentration: .microgramsPerMillilitre(1)), withdrawn: .millilitres(19))
        let found = violations(session.reviewRefill(request))
        #expect(!found.isEmpty && found.allSatisfy { $0.field == "refill.drug.concentration" }, "\(found)")
    }

    @Test func aRefillReviewedWhileANewCatheterIsPrimedHasNoBridgeTimeAndDoesNotTrap() throws {
        var session = try running()
        try session.prime(newPath: true, at: F.at(.days(1)))
        #expect(session.planner.concentrationAtTip == .none)
        let review = try session.reviewRefill(RefillRequest(volume: .millilitres(20), drug: F.baclofen2000, withdrawn: .millilitres(19))).get()
        #expect(review.bridge == nil)
        let changed = try session.reviewRefill(RefillRequest(volume: .millilitres(20), drug: Self.baclofen500, withdrawn: .millilitres(19))).get()
        #expect(changed.bridge == nil)  // drug-free fluid ahead of the tip: priming, not a bridge
        #expect(session.bridge == nil)
    }

    @Test func everyInputProblemIsListedWithItsRefillPath() throws {
        let session = try running()
        let request = RefillRequest(
            volume: .millilitres(50), drug: Drug(name: "baclofen", concentration: .none), withdrawn: .microlitres(-1))
        let fields = Set(violations(session.reviewRefill(request)).map(\.field))
        #expect(fields.isSuperset(of: ["refill.volume", "refill.withdrawn", "refill.drug.concentration"]), "\(fields)")
    }

    @Test func aSmallRefillWarnsThatTheReservoirEmptiesSoon() throws {
        let session = try running()
        let review = try session.reviewRefill(RefillRequest(volume: .microlitres(2200), drug: F.baclofen2000, withdrawn: .millilitres(19))).get()
        #expect(Set(review.warnings.map(\.code)) == [.reservoirLowSoon, .reservoirEmptySoon])
        #expect(review.newProgram == nil && review.bridge == nil)
    }

    @Test func aRefillCommitsOnlyWithEveryWarningAcceptedAndSoftLimitsNeedAReason() throws {
        var session = try running()
        let request = RefillRequest(volume: .millilitres(20), drug: Self.baclofen500, withdrawn: .millilitres(19))
        #expect(throws: TherapyError.self) { try session.refill(request, accepting: WarningAcceptance(), at: F.at(.days(1))) }
        #expect(session.fill.drug == F.baclofen2000, "a refused refill changes nothing")
        try session.refill(request, accepting: WarningAcceptance(codes: [.concentrationChanged]), at: F.at(.days(1)))
        #expect(session.fill.drug == Self.baclofen500)
    }
}
