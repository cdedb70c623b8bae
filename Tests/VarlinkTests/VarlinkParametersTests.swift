import Testing
import Varlink

enum DoseMode: String, VarlinkParameterDecodable {
    case basal, bolus
}

@Suite("Typed parameters")
struct VarlinkParametersTests {
    let prescription: JSONObject = [
        "patient": "p-17",
        "mode": "basal",
        "basal": ["rate": 120, "flex": [["start": 0, "rate": 10], ["start": 60, "rate": 20], ["start": 120, "rate": "fast"]]],
        "limits": ["daily": 500.5],
        "tags": ["a", nil, "c"],
    ]

    @Test func requiredAndOptionalReadEachType() throws {
        let input = VarlinkParameters(prescription)
        #expect(try input.required("patient", as: String.self) == "p-17")
        #expect(try input.required("mode", as: DoseMode.self) == .basal)
        #expect(try input.optional("missing", as: Int64.self) == nil)
        #expect(try input.optional("missing", default: true) == true)
        let basal = try input.required("basal", as: VarlinkParameters.self)
        #expect(try basal.required("rate", as: Int64.self) == 120)
        #expect(try basal.required("rate", as: Double.self) == 120)
        #expect(try input.required("limits", as: [String: Double].self) == ["daily": 500.5])
        #expect(try input.required("tags", as: [String?].self) == ["a", nil, "c"])
    }

    @Test func nestedFailuresNameTheFieldByDottedPath() throws {
        let input = VarlinkParameters(prescription)
        let basal = try input.required("basal", as: VarlinkParameters.self)
        let flex = try basal.required("flex", as: [VarlinkParameters].self)
        #expect(try flex[1].required("rate", as: Int64.self) == 20)
        #expect(throws: VarlinkError.invalidParameter("basal.flex[2].rate")) { try flex[2].required("rate", as: Int64.self) }
        #expect(throws: VarlinkError.invalidParameter("basal.flex[0].end")) { try flex[0].required("end", as: Int64.self) }
        #expect(throws: VarlinkError.invalidParameter("basal.flex[2].rate")) { try basal.required("flex", as: [[String: Int64]].self) }
        #expect(throws: VarlinkError.invalidParameter("limits.daily")) { try input.required("limits", as: [String: Int64].self) }
        #expect(throws: VarlinkError.invalidParameter("tags[1]")) { try input.required("tags", as: [String].self) }
    }

    @Test func wrongTypesAreInvalidParameters() {
        let input = VarlinkParameters(["n": 5.5, "big": 5_000_000_000, "s": "x", "b": 1, "m": "infusion", "null": nil])
        #expect(throws: VarlinkError.invalidParameter("n")) { try input.required("n", as: Int64.self) }
        #expect(throws: VarlinkError.invalidParameter("big")) { try input.required("big", as: Int32.self) }
        #expect(throws: VarlinkError.invalidParameter("s")) { try input.required("s", as: Bool.self) }
        #expect(throws: VarlinkError.invalidParameter("b")) { try input.optional("b", as: Bool.self) }
        #expect(throws: VarlinkError.invalidParameter("m")) { try input.required("m", as: DoseMode.self) }
        #expect(throws: VarlinkError.invalidParameter("null")) { try input.required("null", as: JSONValue.self) }
        #expect(throws: VarlinkError.invalidParameter("s")) { try input.required("s", as: VarlinkParameters.self) }
    }

    @Test func rejectUnknownNamesTheFirstUnknownKeyInOrder() throws {
        let input = VarlinkParameters(prescription)
        #expect(throws: VarlinkError.invalidParameter("mode")) { try input.rejectUnknown(allowed: ["patient", "basal"]) }
        try input.rejectUnknown(allowed: ["patient", "mode", "basal", "limits", "tags"])
        let flex = try input.required("basal", as: VarlinkParameters.self).required("flex", as: [VarlinkParameters].self)
        #expect(throws: VarlinkError.invalidParameter("basal.flex[1].start")) { try flex[1].rejectUnknown(allowed: ["rate"]) }
    }

    @Test func callInputStartsAtTheTop() throws {
        let call = VarlinkCall(method: "io.pumpd.Pump.Set", parameters: ["rate": "x"])
        #expect(call.input.path == "")
        #expect(throws: VarlinkError.invalidParameter("rate")) { try call.input.required("rate", as: Int.self) }
    }
}
