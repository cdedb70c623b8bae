import PumpCore
import Testing

/// A commit goes ahead only with every warning accepted, and a soft-limit override only with a reason.
@Suite struct WarningAcceptanceTests {
    typealias F = SessionFixtures

    static func warning(_ code: ProgrammingWarning.Code) -> ProgrammingWarning { ProgrammingWarning(code, field: "basal", message: "") }

    @Test func everyWarningMustBeAccepted() {
        let warnings = [Self.warning(.dailyDoseIncrease), Self.warning(.doseLimitRaised)]
        #expect(WarningAcceptance(codes: [.dailyDoseIncrease]).refusal(of: warnings) == .warningsNotAccepted([Self.warning(.doseLimitRaised)]))
        #expect(WarningAcceptance(codes: [.dailyDoseIncrease, .doseLimitRaised]).refusal(of: warnings) == nil)
        #expect(WarningAcceptance().refusal(of: []) == nil)
    }

    @Test func aSoftLimitOverrideNeedsAReasonThatIsNotBlank() {
        let warnings = [Self.warning(.softLimitDailyDose)]
        #expect(WarningAcceptance(codes: [.softLimitDailyDose]).refusal(of: warnings) == .overrideReasonRequired([.softLimitDailyDose]))
        #expect(WarningAcceptance(codes: [.softLimitDailyDose], reason: "  ").refusal(of: warnings) == .overrideReasonRequired([.softLimitDailyDose]))
        #expect(WarningAcceptance(codes: [.softLimitDailyDose], reason: "pain crisis, per Dr A").refusal(of: warnings) == nil)
        #expect(ProgrammingWarning.Code.allCases.filter(\.needsOverrideReason).allSatisfy { $0.rawValue.hasPrefix("soft-limit-") })
    }

    @Test func aCommitLeavingAWarningUnacceptedChangesNothing() throws {
        var session = F.session()
        try session.commit(F.prescription(dailyDose: 400), at: F.origin)
        _ = session.takeEvents()
        let doubled = F.prescription(dailyDose: 800)
        #expect(throws: TherapyError.self) { try session.commit(doubled, accepting: WarningAcceptance(), at: F.at(.minutes(1))) }
        #expect(session.prescription == F.prescription(dailyDose: 400))
        let review = try session.validate(doubled).get()
        #expect(review.warnings.map(\.code) == [.dailyDoseIncrease])
        #expect(review.rows.contains { $0.label == "basal rate" && $0.changed })
    }

    @Test func anAcceptedCommitRecordsTheCodesAndTheReason() throws {
        var session = F.session()
        try session.commit(F.prescription(dailyDose: 400), at: F.origin)
        _ = session.takeEvents()
        let acceptance = WarningAcceptance(codes: [.dailyDoseIncrease], reason: "titration")
        try session.commit(F.prescription(dailyDose: 800), accepting: acceptance, at: F.at(.minutes(1)))
        #expect(session.prescription == F.prescription(dailyDose: 800))
        let committed = session.takeEvents().compactMap { event -> WarningAcceptance? in
            if case .programCommitted(_, _, let accepted) = event.kind { return accepted }
            return nil
        }
        #expect(committed == [acceptance])
    }
}
