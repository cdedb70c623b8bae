import Foundation
import PumpTestKit
import Testing

@testable import pumpd

/// Without --profile pumpd finds its profile without the working directory: the installed rig's,
/// else the simulated rig of its own checkout, else it refuses to start naming both.
@Suite struct DefaultProfileTests {
    @Test func theInstalledRigComesFirstThenTheCheckoutsSimulatedRig() throws {
        let installed = try DefaultProfile.resolve(given: nil, exists: { _ in true })
        #expect(installed.path == "/etc/pumpd/rig.toml")
        let checkout = try DefaultProfile.resolve(given: nil, exists: { $0 != DefaultProfile.installed })
        #expect(checkout.path == PumpDaemonProcessTests.repository.path + "/hw-profiles/sim.toml")
        #expect(checkout.reason.contains("no /etc/pumpd/rig.toml"))
        #expect(try DefaultProfile.resolve(given: "rig.toml", exists: { _ in false }).path == "rig.toml")
    }

    /// The running executable's path only matters without --profile: with one, start skips that lookup.
    @Test func aGivenProfileNeverLooksUpTheRunningExecutable() throws {
        var looked = false
        func executable() -> String? {
            looked = true
            return nil
        }
        #expect(try DefaultProfile.resolve(given: "rig.toml", exists: { _ in false }, executable: executable()).path == "rig.toml")
        #expect(!looked)
        _ = try? DefaultProfile.resolve(given: nil, exists: { $0 != DefaultProfile.installed }, executable: executable())
        #expect(looked)
    }

    /// A packaged /usr/sbin/pumpd built from a checkout on this machine: without /etc/pumpd/rig.toml
    /// it refuses rather than run the checkout's simulated rig against the real state directory.
    @Test func anExecutableOutsideTheCheckoutNeverRunsItsSimulatedRig() throws {
        let error = try #require(throws: DefaultProfile.Missing.self) {
            try DefaultProfile.resolve(given: nil, exists: { $0 != DefaultProfile.installed }, executable: "/usr/sbin/pumpd")
        }
        #expect(error.description.contains("does not run from the checkout"), "\(error)")
        #expect(throws: DefaultProfile.Missing.self) {
            try DefaultProfile.resolve(given: nil, exists: { $0 != DefaultProfile.installed }, executable: DefaultProfile.checkoutRoot + "-other/.build/debug/pumpd")
        }
        #expect(throws: DefaultProfile.Missing.self) { try DefaultProfile.resolve(given: nil, exists: { $0 != DefaultProfile.installed }, executable: nil) }
        let inside = try DefaultProfile.resolve(given: nil, exists: { $0 != DefaultProfile.installed }, executable: DefaultProfile.checkoutRoot + "/.build/debug/pumpd")
        #expect(inside.path == DefaultProfile.checkout)
        #expect(DefaultProfile.runsFromCheckout(DefaultProfile.runningExecutable()), "this test binary lies in the checkout")
    }

    @Test func withNeitherTheRefusalNamesBothPaths() throws {
        let error = try #require(throws: DefaultProfile.Missing.self) { try DefaultProfile.resolve(given: nil, exists: { _ in false }) }
        #expect(error.description.contains("/etc/pumpd/rig.toml") && error.description.contains(DefaultProfile.checkout))
    }

    /// Started from / (not the checkout), pumpd still finds a profile and says which and why.
    @Test func aDaemonStartedElsewhereFindsItsProfileAndSaysWhich() throws {
        let state = try RunningDaemon()
        defer { state.shutdown() }
        let (status, output) = try CommandRun.run(
            PumpDaemonProcessTests.pumpd, ["--state-dir", state.stateDirectory, "--socket", state.socket, "--run-for", "1"], directory: "/")
        #expect(status == 0, "\(output)")
        let expected = FileManager.default.fileExists(atPath: DefaultProfile.installed) ? DefaultProfile.installed : DefaultProfile.checkout
        #expect(output.contains("pumpd: profile \(expected) (no --profile given"), "\(output)")
    }
}
