import PumpCore
import PumpctlKit
import Testing
import Varlink

@Suite struct PumpctlExitTests {
    @Test func exitCodesAreTheDocumentedNumbers() {
        #expect(PumpctlExit.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6])
        #expect(PumpctlExit.refused.rawValue == 1)
        #expect(PumpctlExit.usage.rawValue == 2)
        #expect(PumpctlExit.transport.rawValue == 3)
        #expect(PumpctlExit.permissionDenied.rawValue == 4)
        #expect(PumpctlExit.declined.rawValue == 5)
        #expect(PumpctlExit.notRunning.rawValue == 6)
    }

    @Test func theHelpTableListsEveryCode() {
        let table = PumpctlExit.helpTable
        for status in PumpctlExit.allCases { #expect(table.contains("  \(status.rawValue)  "), "\(status)") }
    }

    @Test func errorsMapToTheirExitStatus() {
        #expect(PumpctlFailure(VarlinkError("io.pumpd.Pump.LimitExceeded", parameters: ["violation": ["rule": "r", "field": "f", "actual": "a", "limit": "l"]])).status == .refused)
        #expect(PumpctlFailure(VarlinkError("io.pumpd.Pump.PermissionDenied", parameters: ["method": "Stop", "role": "observer", "needed": "clinician"])).status == .permissionDenied)
        #expect(PumpctlFailure(VarlinkError.permissionDenied).status == .permissionDenied)
        #expect(PumpctlFailure(VarlinkError("io.pumpd.Pump.Lockout", parameters: ["remaining": 60])).status == .refused)
        #expect(PumpctlFailure(QuantityParseError.missingUnit(text: "5", kind: .mass)).status == .usage)
        #expect(PumpctlFailure(ReplyFormatError(method: "GetStatus", field: "status.time")).status == .transport)
        #expect(PumpctlFailure(PumpctlFailure(.declined, "no")).status == .declined)
        struct Unexpected: Error {}
        #expect(PumpctlFailure(Unexpected()).status == .transport)
    }
}
