import PumpCore
import Testing

/// Commissioning a new pump: a reviewed first fill, only on a pump never filled, with the fluid
/// path primed with the drug or drug-free as it arrives.
@Suite struct FirstFillTests {
    typealias F = SessionFixtures
    static let baclofen1000 = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(1000))

    @Test func aPumpArrivingPrimedIsFilledAndRunsOnceProgrammed() throws {
        var session = F.session(pathPrimed: false)
        #expect(session.mayTakeFirstFill)
        let request = FirstFillRequest(volume: .millilitres(18), drug: Self.baclofen1000, primed: true)
        let review = try session.reviewFirstFill(request).get()
        #expect(review.rows.contains { $0.label == "fluid path" && $0.new.contains("primed") })
        try session.commitFirstFill(request, at: F.at(.minutes(1)))
        #expect(session.fill.volume == .millilitres(18) && session.fill.drug == Self.baclofen1000)
        #expect(session.planner.concentrationAtTip == Self.baclofen1000.concentration)
        #expect(session.eventKinds().contains { if case .refilled(let outcome) = $0 { outcome.firstFill } else { false } })
        try session.commit(F.prescription(drug: Self.baclofen1000), at: F.at(.minutes(2)))
        #expect(session.mode == .running)
    }

    @Test func aPumpArrivingDrugFreeMustBePrimedBeforeTherapyStarts() throws {
        var session = F.session()
        try session.commitFirstFill(FirstFillRequest(volume: .millilitres(18), drug: Self.baclofen1000, primed: false), at: F.at(.minutes(1)))
        #expect(session.planner.concentrationAtTip == .none)
        try session.commit(F.prescription(drug: Self.baclofen1000), at: F.at(.minutes(2)))
        #expect(session.mode == .stopped(.idle))
        #expect(session.eventKinds().contains(.deliveryNotStarted(.pathNotPrimed)))
    }

    @Test func aPumpThatWasProgrammedIsRefusedAFirstFillAndNothingChanges() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        let before = session.checkpoint()
        let request = FirstFillRequest(volume: .millilitres(18), drug: Self.baclofen1000, primed: true)
        guard case .failure(.invalidRefill(let violations)) = session.reviewFirstFill(request) else {
            Issue.record("expected a refusal"); return
        }
        #expect(violations.map(\.rule) == [.alreadyFilled])
        #expect(throws: TherapyError.self) { try session.commitFirstFill(request, at: F.origin) }
        #expect(session.checkpoint() == before)
    }

    @Test func everyFillProblemIsListedUnderFill() {
        let session = F.session()
        let request = FirstFillRequest(volume: .millilitres(41), drug: Drug(name: " ", concentration: .none), primed: true)
        guard case .failure(.invalidRefill(let violations)) = session.reviewFirstFill(request) else {
            Issue.record("expected a refusal"); return
        }
        #expect(Set(violations.map(\.field)) == ["fill.volume", "fill.drug.name", "fill.drug.concentration"])
    }
}
