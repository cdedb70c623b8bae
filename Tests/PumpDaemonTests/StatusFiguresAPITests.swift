import Foundation
import Testing
import Varlink

/// Status shows, through the socket, what people need to see: patient boluses used and left with
/// the lockout left, a bridge in progress, and the expected reservoir dates beside the worst case.
@Suite struct StatusFiguresAPITests {
    @Test func statusShowsPatientBolusesTheLockoutTheBridgeAndBothReservoirDates() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        try daemon.program(WirePrescriptions.continuous(
            microgramsPerDay: 500, patientBolus: ["dose": 20_000, "duration": 600, "lockout": 3600, "maximumPerDay": 4]))
        let before = try daemon.status()
        #expect(before["patientBolus"]?["used"] == 0 && before["patientBolus"]?["left"] == 4, "\(before)")
        #expect(before["bridge"] == nil)
        let worst = try #require(before["reservoir"]?["emptyAt"]?.stringValue)
        let expected = try #require(before["reservoir"]?["emptyExpectedAt"]?.stringValue)
        #expect(expected > worst, "expected \(expected), worst case \(worst)")

        _ = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "patient"])
        let after = try daemon.status()
        #expect(after["patientBolus"]?["used"] == 1 && after["patientBolus"]?["left"] == 3, "\(after)")
        #expect((3590...3600).contains(after["patientBolus"]?["lockoutRemaining"]?.integerValue ?? 0), "\(after)")
        #expect(after["patientBolus"]?["nextAllowedAt"]?.stringValue != nil)

        let refill: JSONObject = ["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 1000], "withdrawn": 0]
        let committed = try daemon.refill(refill, accept: ["concentration-changed"])
        let bridge = try #require(committed["status"]?["bridge"])
        #expect(bridge["oldConcentration"] == 2000 && bridge["newConcentration"] == 1000, "\(bridge)")
        #expect((1...200_000).contains(bridge["oldDrugLeft"]?.integerValue ?? 0), "\(bridge)")
        #expect(bridge["volumeRateChangesAt"]?.stringValue != nil)
    }
}
