import Testing
import Varlink

@Suite("Varlink calls, replies and errors")
struct VarlinkMessageTests {
    @Test func callDecodesWithFlagsAndSplitsItsMethodName() throws {
        let call = try VarlinkCall.decode(Array(#"{"method":"io.pumpd.Pump.Watch","parameters":{"a":1},"more":true}"#.utf8))
        #expect(call == VarlinkCall(method: "io.pumpd.Pump.Watch", parameters: ["a": 1], more: true))
        #expect(call.interface == "io.pumpd.Pump")
        #expect(call.methodName == "Watch")
    }

    @Test(arguments: [#"{"method":"a.b.C"}"#, #"{"method":"a.b.C","parameters":null}"#, #"{"method":"a.b.C","parameters":{}}"#])
    func omittedNullOrEmptyParametersDecodeAsEmpty(text: String) throws {
        let call = try VarlinkCall.decode(Array(text.utf8))
        #expect(call.parameters.isEmpty)
        #expect(!call.oneway && !call.more && !call.upgrade)
    }

    @Test func malformedCallsSayWhatIsWrongAndWhere() {
        func decode(_ text: String) throws(VarlinkMessageError) -> VarlinkCall { try VarlinkCall.decode(Array(text.utf8)) }
        #expect(throws: VarlinkMessageError(.notAnObject(found: "array"), at: 0)) { try decode("[]") }
        #expect(throws: VarlinkMessageError(.missingMember("method"), at: 0)) { try decode(#"{"parameters":{}}"#) }
        #expect(throws: VarlinkMessageError(.wrongType(member: "method", expected: "a string", found: "integer"), at: 10)) {
            try decode(#"{"method":5}"#)
        }
        #expect(throws: VarlinkMessageError(.invalidMethodName("GetInfo"), at: 10)) { try decode(#"{"method":"GetInfo"}"#) }
        #expect(throws: VarlinkMessageError(.invalidMethodName("io.pumpd.Pump.getStatus"), at: 10)) {
            try decode(#"{"method":"io.pumpd.Pump.getStatus"}"#)
        }
        #expect(throws: VarlinkMessageError(.invalidMethodName("io..Pump.Get"), at: 10)) { try decode(#"{"method":"io..Pump.Get"}"#) }
        #expect(throws: VarlinkMessageError(.wrongType(member: "parameters", expected: "an object", found: "array"), at: 34)) {
            try decode(#"{"method":"a.b.C",  "parameters": [1]}"#)
        }
        #expect(throws: VarlinkMessageError(.wrongType(member: "more", expected: "a boolean", found: "string"), at: 25)) {
            try decode(#"{"method":"a.b.C","more":"yes"}"#)
        }
        #expect(throws: VarlinkMessageError(.onewayWithMore, at: 39)) { try decode(#"{"method":"a.b.C","oneway":true,"more":true}"#) }
        #expect(throws: VarlinkMessageError(.invalidJSON(.trailingData), at: 2)) { try decode("{}}") }
        let error = VarlinkMessageError(.wrongType(member: "method", expected: "a string", found: "integer"), at: 10)
        #expect(error.description == #"byte 10: "method" must be a string, not integer"#)
    }

    @Test func callEncodingWritesParametersAlwaysAndFlagsOnlyWhenSet() {
        #expect(VarlinkCall(method: "a.b.C").encoded().description == #"{"method":"a.b.C","parameters":{}}"#)
        #expect(
            VarlinkCall(method: "a.b.C", parameters: ["x": 1], oneway: true).encoded().description
                == #"{"method":"a.b.C","parameters":{"x":1},"oneway":true}"#)
    }

    @Test func repliesRoundTripAndCarryTheirError() throws {
        let reply = VarlinkReply(VarlinkError("io.pumpd.Pump.LimitExceeded", parameters: ["limit": 5]))
        #expect(reply.encoded().description == #"{"parameters":{"limit":5},"error":"io.pumpd.Pump.LimitExceeded"}"#)
        let decoded = try VarlinkReply.decode(reply.serialized())
        #expect(decoded == reply)
        #expect(decoded.varlinkError == VarlinkError("io.pumpd.Pump.LimitExceeded", parameters: ["limit": 5]))
        #expect(try VarlinkReply.decode(Array(#"{"continues":true}"#.utf8)) == VarlinkReply(continues: true))
        #expect(try VarlinkReply.decode(Array(#"{"parameters":{},"continues":false}"#.utf8)).varlinkError == nil)
        #expect(throws: VarlinkMessageError(.invalidErrorName("oops"), at: 9)) {
            try VarlinkReply.decode(Array(#"{"error":"oops"}"#.utf8))
        }
    }

    @Test func aReplyIsSerializedAsTheTextOfItsEncodedObject() {
        let replies = [
            VarlinkReply(), VarlinkReply(parameters: ["n": 1, "s": "a\"b"]), VarlinkReply(parameters: ["n": 2], continues: true),
            VarlinkReply(VarlinkError("io.pumpd.Pump.LimitExceeded", parameters: ["limit": 5])),
            VarlinkReply(parameters: [:], continues: true, error: "a.b.C"),
        ]
        for reply in replies { #expect(reply.serialized() == reply.encoded().serialized()) }
        #expect(String(decoding: replies[2].serialized(), as: UTF8.self) == #"{"parameters":{"n":2},"continues":true}"#)
    }

    @Test func serviceErrorsHaveTheStandardNamesAndParameters() {
        #expect(VarlinkError.invalidParameter("basal.rate").description == #"org.varlink.service.InvalidParameter {"parameter":"basal.rate"}"#)
        #expect(VarlinkError.interfaceNotFound("a.b").parameters == ["interface": "a.b"])
        #expect(VarlinkError.methodNotFound("a.b.C").name == "org.varlink.service.MethodNotFound")
        #expect(VarlinkError.methodNotImplemented("a.b.C").name == "org.varlink.service.MethodNotImplemented")
        #expect(VarlinkError.permissionDenied.description == "org.varlink.service.PermissionDenied")
        #expect(VarlinkError.expectedMore.parameters == [:])
    }

    @Test func namesFollowVarlinkSyntax() {
        #expect(VarlinkName.isValidInterface("io.pumpd.Pump"))
        #expect(VarlinkName.isValidInterface("org.example.a-b.x2"))
        #expect(!VarlinkName.isValidInterface("pump"))
        #expect(!VarlinkName.isValidInterface("io.-pumpd"))
        #expect(!VarlinkName.isValidInterface("1o.pumpd"))
        #expect(!VarlinkName.isValidInterface("io.pumpd."))
        #expect(VarlinkName.isValidInterface("io.1pumpd"), "only the first label must start with a letter")
        for invalid in ["", ".", "io..pumpd", ".io.pumpd", "io.pumpd-.x", "-io.pumpd", "io.pu mpd", "io.pumpé", "io.pumpd_x"] {
            #expect(!VarlinkName.isValidInterface(invalid), "\(invalid)")
        }
        #expect(VarlinkCall(method: "io.pumpd.Pump.GetStatus").interface == "io.pumpd.Pump")
        #expect(VarlinkCall(method: "io.pumpd.Pump.GetStatus").methodName == "GetStatus")
        #expect(VarlinkCall(method: "é.x.Y").interface == "é.x" && VarlinkCall(method: "nodot").methodName == "nodot")
        #expect(VarlinkCall(method: "nodot").interface == "")
        #expect(VarlinkName.isValidMember("GetInfo2"))
        #expect(!VarlinkName.isValidMember("getInfo"))
        #expect(!VarlinkName.isValidMember("Get_Info"))
        #expect(VarlinkName.split(qualified: "io.pumpd.Pump.Get")! == ("io.pumpd.Pump", "Get"))
    }
}
