import Foundation
import PumpService
import Testing

/// `RigAssembly.simulatedRigFile`: one simulated rig per state, in the runtime directory, so
/// simulated pumpds of different states that share a runtime directory never write one rig's file.
@Suite struct SimulatedRigFileTests {
    @Test func eachStateHasItsOwnRigFileAndAPathToTheSameStateFindsTheSameOne() throws {
        let base = NSTemporaryDirectory() + "rig-file-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        for name in ["a", "b"] { try FileManager.default.createDirectory(atPath: base + "/" + name, withIntermediateDirectories: true) }
        try FileManager.default.createSymbolicLink(atPath: base + "/link-to-a", withDestinationPath: base + "/a")
        let a = RigAssembly.simulatedRigFile(runtimeDirectory: "/run/pumpd", stateDirectory: base + "/a")
        let b = RigAssembly.simulatedRigFile(runtimeDirectory: "/run/pumpd", stateDirectory: base + "/b")
        #expect(a != b)
        #expect(RigAssembly.simulatedRigFile(runtimeDirectory: "/run/pumpd", stateDirectory: base + "/link-to-a") == a)
        #expect(RigAssembly.simulatedRigFile(runtimeDirectory: "/run/pumpd", stateDirectory: base + "/b/../a") == a)
        #expect(a.hasPrefix("/run/pumpd/simulated-rig.") && a.hasSuffix(".state") && a.count == "/run/pumpd/simulated-rig.".count + 16 + 6)
    }
}
