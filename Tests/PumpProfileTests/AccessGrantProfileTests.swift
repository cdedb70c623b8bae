import Testing

@testable import PumpProfile

/// `[access] operators_may_stop`: the profile's grant of Stop to operators.
@Suite struct AccessGrantProfileTests {
    static let setting = "operators_may_stop = false"

    @Test func shippedProfilesKeepStopForClinicians() throws {
        for name in ProfileTestSupport.shippedProfileNames() {
            #expect(try ProfileTestSupport.load(name).access.operatorsMayStop == false, "\(name)")
        }
    }

    @Test func theGrantIsReadAndDefaultsToOff() throws {
        let granting = try ProfileTestSupport.variant(of: "sim.toml", replacing: Self.setting, with: "operators_may_stop = true")
        #expect(try HardwareProfile.parse(text: granting, file: ProfileTestSupport.inProfiles("sim.toml")).get().access.operatorsMayStop)
        let silent = try ProfileTestSupport.variant(of: "sim.toml", replacing: Self.setting, with: "")
        #expect(try HardwareProfile.parse(text: silent, file: ProfileTestSupport.inProfiles("sim.toml")).get().access.operatorsMayStop == false)
    }

    @Test func aGrantThatIsNotABooleanIsRefusedAtItsKey() throws {
        let text = try ProfileTestSupport.variant(of: "sim.toml", replacing: Self.setting, with: "operators_may_stop = \"yes\"")
        let issues = ProfileTestSupport.issues(text)
        #expect(issues.map(\.keyPath) == ["access.operators_may_stop"], "\(issues)")
        #expect(issues.first?.kind == .wrongType)
    }
}
