import PumpProfile
import Testing

@testable import PumpService

/// Who may call what under a profile's [access]: Stop is a clinician's unless the profile grants it
/// to operators; Resume is a clinician's either way.
@Suite struct PumpMethodAccessTests {
    static let plain = AccessProfile(programmers: [.group("pumpd-clinicians")], operators: [.user("daemon")], observers: [])
    static var granting: AccessProfile {
        var access = plain
        access.operatorsMayStop = true
        return access
    }

    @Test func withoutTheGrantStopNeedsAClinicianAndTheRefusalNamesTheSetting() {
        #expect(PumpMethodAccess.needed(for: "Stop", under: Self.plain) == .programmer)
        #expect(PumpMethodAccess.grantNote(for: "Stop", under: Self.plain)
            == "stop is granted to operators by [access] operators_may_stop, which this profile does not set")
    }

    @Test func theGrantLetsOperatorsStopButNotObservers() {
        #expect(PumpMethodAccess.needed(for: "Stop", under: Self.granting) == .operator)
        #expect(AccessRole.observer < PumpMethodAccess.needed(for: "Stop", under: Self.granting)!)
        #expect(PumpMethodAccess.grantNote(for: "Stop", under: Self.granting) == "stop is granted to operators by [access] operators_may_stop")
    }

    @Test func resumeAndEveryOtherMethodNeedTheSameRoleWithOrWithoutTheGrant() {
        for method in PumpMethodAccess.needs.keys where method != "Stop" {
            #expect(PumpMethodAccess.needed(for: method, under: Self.granting) == PumpMethodAccess.needed(for: method, under: Self.plain), "\(method)")
            #expect(PumpMethodAccess.grantNote(for: method, under: Self.granting) == nil, "\(method)")
        }
        #expect(PumpMethodAccess.needed(for: "Resume", under: Self.granting) == .programmer)
    }

    @Test func anUnknownMethodNeedsNoRoleItIsNotFound() {
        #expect(PumpMethodAccess.needed(for: "Explode", under: Self.granting) == nil)
    }

    @Test func anObserverMayNotSilenceAnOperatorMayAndOnlyAClinicianMayTestTheAlarms() {
        let silence = PumpMethodAccess.needed(for: "SilenceAlarms", under: Self.plain)
        let test = PumpMethodAccess.needed(for: "TestAlarms", under: Self.plain)
        #expect(silence == .operator && test == .programmer)
        #expect(AccessRole.observer < silence!)
        #expect(AccessRole.operator < test!)
    }
}
