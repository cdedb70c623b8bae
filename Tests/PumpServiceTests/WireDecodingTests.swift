import PumpCore
import Testing
import Varlink

@testable import PumpService

/// pumpd's side of the wire decoding: every refusal is io.pumpd.Pump.InvalidValue with the field,
/// what was found and what was expected (the field paths themselves are VarlinkCodableTests').
@Suite struct WireDecodingTests {
    func refusal(_ drug: JSONValue) -> VarlinkError? {
        do {
            _ = try VarlinkParameters(["drug": drug]).decoded("drug", as: Drug.self)
            return nil
        } catch { return error }
    }

    @Test func aValidValueDecodes() throws {
        let drug = try VarlinkParameters(["drug": ["name": "baclofen", "concentration": 2000]]).decoded("drug", as: Drug.self)
        #expect(drug == Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000)))
    }

    @Test func anUnknownMemberIsAnInvalidValueNamingIt() {
        let refused = refusal(["name": "baclofen", "concentration": 2000, "concentrationUnit": "ug/ml"])
        #expect(refused?.name == "io.pumpd.Pump.InvalidValue")
        #expect(refused?.parameterObject == ["field": "drug.concentrationUnit", "value": "present", "expected": "no such field"])
    }

    @Test func aWrongTypeIsAnInvalidValueWithTheExpectedType() {
        let refused = refusal(["name": "baclofen", "concentration": "2000 ug/ml"])
        #expect(refused?.name == "io.pumpd.Pump.InvalidValue")
        #expect(refused?.parameterObject == ["field": "drug.concentration", "value": "wrong type", "expected": "int64"])
    }

    @Test func anAbsentMemberIsTheUsualInvalidParameter() {
        #expect(throws: VarlinkError.invalidParameter("drug")) {
            _ = try VarlinkParameters([:]).decoded("drug", as: Drug.self)
        }
    }
}
