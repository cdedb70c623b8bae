import Foundation

/// Where the tests find the repository's files and the built pumpd.
enum TestPaths {
    /// The repository root: this file is Tests/PumpHILTests/Support/TestPaths.swift.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// The built pumpd: the products sit beside the test runner in the build directory.
    static let pumpd = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pumpd").path
    /// The simulated rig's profile, as an absolute path (tests do not rely on the working directory).
    static let simulatedRig = repository + "/hw-profiles/sim.toml"
    /// The scenario library.
    static let scenarios = repository + "/Tests/Scenarios"
}
