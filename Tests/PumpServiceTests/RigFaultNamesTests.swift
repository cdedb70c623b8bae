import Foundation
import PumpSimulation
import PumpWire
import Testing

/// One list of the rig's fault switches (WireRigFault) serves io.pumpd.Rig and pump-hil's scenario
/// checks; these keep it equal to the interface file and to the simulated rig's sensors.
@Suite struct RigFaultNamesTests {
    static let interface = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PumpService/Interfaces/io.pumpd.Rig.varlink").path

    @Test func theFaultSwitchesAreTheFieldsOfTheInterfacesFaultChanges() throws {
        let text = try String(contentsOfFile: Self.interface, encoding: .utf8)
        let start = try #require(text.range(of: "type FaultChanges ("))
        let end = try #require(text[start.upperBound...].range(of: ")\n"))
        let fields = text[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line -> String? in
            let name = line.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) ?? ""
            return name.isEmpty ? nil : name
        }
        #expect(fields == WireRigFault.names)
    }

    @Test func theSensorsAFaultMayNameAreTheSimulatedRigsSensors() {
        #expect(WireRigFault.sensors == SimulatedSensor.allCases.map(\.rawValue))
    }
}
