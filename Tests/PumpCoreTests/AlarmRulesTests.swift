import PumpCore
import Testing

/// One spelling per severity, and the acknowledgement rule the code applies is the one each
/// alarm's clear condition states.
@Suite struct AlarmRulesTests {
    @Test func severityIsSpelledAsTheAPIEnumeratesIt() {
        #expect(Set(AlarmKind.allCases.map(\.severity.rawValue)) == ["critical", "non_critical"])
    }

    @Test func severitiesStoredByOlderBuildsReadAsTheOneSpelling() {
        #expect(AlarmSeverity(stored: "non-critical") == .nonCritical)
        #expect(AlarmSeverity(stored: "non_critical") == .nonCritical)
        #expect(AlarmSeverity(stored: "critical") == .critical)
        #expect(AlarmSeverity(stored: "fatal") == nil)
    }

    @Test(arguments: AlarmKind.allCases)
    func aClinicianMustAcknowledgeExactlyWhereTheClearConditionSaysSo(_ kind: AlarmKind) {
        #expect(kind.clearCondition.contains("clinician") == kind.needsClinicianAcknowledgement, "\(kind.rawValue): \(kind.clearCondition)")
    }

    @Test func aRefillDiscrepancyNeedsAClinician() {
        #expect(AlarmKind.refillDiscrepancy.needsClinicianAcknowledgement)
        #expect(!AlarmKind.reservoirLow.needsClinicianAcknowledgement)
        #expect(!AlarmKind.leftStopped.needsClinicianAcknowledgement)
    }
}
