import Foundation
import Testing

@testable import PumpHIL

/// A scenario's profile is found from the scenario file's place, whatever the working directory.
@Suite struct ProfileLocatorTests {
    /// A locator over a made-up file system holding exactly `files`.
    static func locator(_ files: Set<String>) -> ProfileLocator { ProfileLocator(isFile: { files.contains($0) }) }

    @Test func aRelativeProfileIsTakenAgainstTheScenarioFilesDirectory() {
        let locator = Self.locator(["/repo/hw-profiles/sim-soak.toml"])
        #expect(locator.locate("../../hw-profiles/sim-soak.toml", forScenarioAt: "/repo/Tests/Scenarios/leak.toml") == .found("/repo/hw-profiles/sim-soak.toml"))
        #expect(locator.locate("/repo/hw-profiles/sim-soak.toml", forScenarioAt: "/elsewhere/x.toml") == .found("/repo/hw-profiles/sim-soak.toml"))
    }

    @Test func aMissingProfileNamesThePathItTried() {
        let locator = Self.locator([])
        #expect(locator.locate("hw-profiles/sim.toml", forScenarioAt: "/repo/Tests/Scenarios/a.toml") == .missing(tried: ["/repo/Tests/Scenarios/hw-profiles/sim.toml"]))
    }

    @Test func theDefaultProfileIsTheNearestSimTomlAboveTheScenario() {
        let locator = Self.locator(["/repo/hw-profiles/sim.toml", "/hw-profiles/sim.toml"])
        #expect(locator.locate(nil, forScenarioAt: "/repo/Tests/Scenarios/a.toml") == .found("/repo/hw-profiles/sim.toml"))
        #expect(Self.locator([]).locate(nil, forScenarioAt: "/repo/a.toml") == .missing(tried: ["/repo/hw-profiles/sim.toml", "/hw-profiles/sim.toml"]))
    }

    @Test func theLibraryFindsItsProfilesFromAnyWorkingDirectory() throws {
        let scenario = try ScenarioDecoder.load(path: TestPaths.scenarios + "/reservoir-leak.toml")
        #expect(scenario.profile == TestPaths.repository + "/hw-profiles/sim-soak.toml")
        let plain = try ScenarioDecoder.load(path: TestPaths.scenarios + "/motor-stall.toml")
        #expect(plain.profile == TestPaths.repository + "/hw-profiles/sim.toml")
    }

    @Test func aScenarioWhoseProfileIsMissingIsBrokenAtTheProfileKey() {
        let text = "[scenario]\nname = \"n\"\nhazard = \"h\"\nprofile = \"rigs/none.toml\"\nduration_s = 60\n[[expect]]\nevent = \"deliveryStarted\"\n"
        do {
            _ = try ScenarioDecoder.decode(text, file: "/lab/s.toml", profiles: Self.locator([]))
            Issue.record("decoded with a missing profile")
        } catch {
            #expect(error.problems.map(\.description) == [
                "/lab/s.toml:4:11: scenario.profile: no profile at /lab/rigs/none.toml (a relative profile is taken against the scenario file's directory)",
            ])
        }
    }
}
