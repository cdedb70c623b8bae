import Glibc
import Testing
import Varlink
import VarlinkServer

@Suite("Varlink service: protocol", .timeLimit(.minutes(1)))
struct ServiceProtocolTests {
    @Test func getInfoDescribesTheServiceAndListsItsInterfaces() async throws {
        let info = try await ServiceFixture.with { fixture in
            try await blocking { try fixture.connect().call("org.varlink.service.GetInfo") }
        }
        #expect(info == [
            "vendor": "pumpd tests", "product": "pumpd", "version": "0.0-test", "url": "https://example.invalid/pumpd",
            "interfaces": ["org.varlink.service", "io.pumpd.Test"],
        ])
    }

    @Test func getInterfaceDescriptionReturnsTheIDLOfEachInterface() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                let own = try connection.call("org.varlink.service.GetInterfaceDescription", parameters: ["interface": "io.pumpd.Test"])
                #expect(own == ["description": .string(TestInterface(probe: fixture.probe).description)])
                let service = try connection.call(
                    "org.varlink.service.GetInterfaceDescription", parameters: ["interface": "org.varlink.service"])
                let text = try #require(service["description"]?.stringValue)
                #expect(text.contains("interface org.varlink.service"))
                #expect(text.contains("error ExpectedMore ()"))
                #expect(throws: VarlinkError.interfaceNotFound("io.pumpd.Nope")) {
                    try connection.call("org.varlink.service.GetInterfaceDescription", parameters: ["interface": "io.pumpd.Nope"])
                }
                #expect(throws: VarlinkError.invalidParameter("interface")) {
                    try connection.call("org.varlink.service.GetInterfaceDescription")
                }
            }
        }
    }

    @Test func unknownInterfacesAndMethodsGetTheirStandardErrors() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                #expect(throws: VarlinkError.interfaceNotFound("io.pumpd.Nope")) { try connection.call("io.pumpd.Nope.Get") }
                #expect(throws: VarlinkError.methodNotFound("io.pumpd.Test.Nope")) { try connection.call("io.pumpd.Test.Nope") }
                #expect(throws: VarlinkError.methodNotFound("org.varlink.service.Nope")) {
                    try connection.call("org.varlink.service.Nope")
                }
                #expect(throws: VarlinkError.methodNotImplemented("io.pumpd.Test.Unimplemented")) {
                    try connection.call("io.pumpd.Test.Unimplemented")
                }
            }
        }
    }

    @Test func wrongParameterTypesGiveInvalidParameterWithTheDottedPath() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                let flex: JSONValue = [["start": 0, "rate": 10], ["start": 60, "rate": 20], ["start": 120, "rate": "fast"]]
                #expect(throws: VarlinkError.invalidParameter("basal.flex[2].rate")) {
                    try connection.call("io.pumpd.Test.Prescribe", parameters: ["basal": ["rate": 5, "flex": flex]])
                }
                #expect(throws: VarlinkError.invalidParameter("basal.flex[0].end")) {
                    try connection.call("io.pumpd.Test.Prescribe", parameters: ["basal": ["rate": 5, "flex": [["start": 0, "rate": 1, "end": 9]]]])
                }
                #expect(throws: VarlinkError.invalidParameter("basal")) { try connection.call("io.pumpd.Test.Prescribe") }
                #expect(throws: VarlinkError.invalidParameter("extra")) {
                    try connection.call("io.pumpd.Test.GetStatus", parameters: ["extra": 1])
                }
                let accepted = try connection.call(
                    "io.pumpd.Test.Prescribe", parameters: ["basal": ["rate": 5, "flex": [["start": 0, "rate": 1]]]])
                #expect(accepted == ["accepted": true])
            }
        }
    }

    @Test(arguments: [
        #"{"method":"io.pumpd.Test.GetStatus"}"#,
        #"{"method":"io.pumpd.Test.GetStatus","parameters":null}"#,
        #"{"method":"io.pumpd.Test.GetStatus","parameters":{}}"#,
    ])
    func omittedNullOrEmptyParametersAreAccepted(request: String) async throws {
        let reply = try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                try connection.sendMessage(request)
                return try connection.receiveReply()
            }
        }
        #expect(reply == VarlinkReply(parameters: ["rate": 120]))
    }

    @Test func aHandlerErrorIsSentWithItsTypedParameters() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                #expect(throws: VarlinkError("io.pumpd.Test.LimitExceeded", parameters: ["limit": 5])) {
                    try connection.call("io.pumpd.Test.Fail")
                }
                #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
            }
        }
    }

    @Test func malformedJSONGetsTypedErrorAndConnectionStaysUsable() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                try connection.sendMessage(#"{"method": oops}"#)
                let reply = try connection.receiveReply()
                #expect(reply.error == "io.pumpd.Test.MalformedRequest")
                #expect(reply.parameters["offset"] == 11)
                #expect(reply.parameters["reason"]?.stringValue?.hasPrefix("invalid JSON: unexpected 'o'") == true)
                #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
            }
        }
    }

    @Test(arguments: [
        (#"[1]"#, "message is a JSON array, not an object", 0),
        (#"{"parameters":{}}"#, #"missing "method""#, 0),
        (#"{"method":"nodots"}"#, #"method "nodots" is not of the form interface.Method"#, 10),
        (#"{"method":"io.pumpd.Test.GetStatus","parameters":[]}"#, #""parameters" must be an object, not array"#, 49),
        (#"{"method":"io.pumpd.Test.Count","oneway":true,"more":true}"#, #""oneway" and "more" cannot both be true"#, 53),
    ])
    func aValidJSONValueThatIsNotACallGetsMalformedRequest(request: String, reason: String, offset: Int64) async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                try connection.sendMessage(request)
                let reply = try connection.receiveReply()
                #expect(reply.varlinkError == VarlinkError(
                    "io.pumpd.Test.MalformedRequest", parameters: ["reason": .string(reason), "offset": .integer(offset)]))
                #expect(try connection.call("org.varlink.service.GetInfo")["product"] == "pumpd")
            }
        }
    }

    @Test(arguments: [false, true])
    func anOversizeRequestGetsRequestTooLargeAndTheConnectionCloses(terminated: Bool) async throws {
        try await ServiceFixture.with(limits: .init(maxMessageBytes: 1024)) { fixture in
            try await blocking {
                let connection = try fixture.connect()
                let body = #"{"method":"io.pumpd.Test.Notify","parameters":{"tag":""# + String(repeating: "x", count: 3000) + #""}}"#
                try connection.sendRaw(Array(body.utf8) + (terminated ? [0] : []))
                let reply = try connection.receiveReply()
                #expect(reply.varlinkError == VarlinkError("io.pumpd.Test.RequestTooLarge", parameters: ["limitBytes": 1024]))
                #expect(throws: VarlinkTransportError.connectionClosed) { try connection.receiveMessage() }
            }
            #expect(!fixture.probe.snapshot.contains { $0.hasPrefix("notify") })
            #expect(try await blocking { try fixture.connect().call("io.pumpd.Test.GetStatus") } == ["rate": 120])
        }
    }

    @Test func pipelinedCallsAreAnsweredInOrderAndRunOneAfterAnother() async throws {
        try await ServiceFixture.with { fixture in
            let replies = try await blocking {
                let connection = try fixture.connect()
                let calls = [
                    VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": 1, "ms": 100]),
                    VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": 2, "ms": 0]),
                    VarlinkCall(method: "org.varlink.service.GetInfo"),
                    VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": 3, "ms": 0]),
                ]
                try connection.sendRaw(calls.flatMap { $0.serialized() + [0] })
                return try (0..<4).map { _ in try connection.receiveReply().parameters }
            }
            #expect(replies.map { $0["id"] } == [1, 2, nil, 3])
            #expect(replies[2]["product"] == "pumpd")
            #expect(fixture.probe.snapshot == ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"])
        }
    }

    @Test func callsAnsweredAtOnceKeepTheirOrderBehindARunningCallAndNeverReachTheHandler() async throws {
        try await ServiceFixture.with { fixture in
            let replies = try await blocking {
                let connection = try fixture.connect()
                let calls = [
                    VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": 1, "ms": 100]),
                    VarlinkCall(method: "io.pumpd.Test.Instant", parameters: ["tag": "a"]),
                    VarlinkCall(method: "io.pumpd.Test.Instant", parameters: ["tag": "encoded"]),
                    VarlinkCall(method: "io.pumpd.Test.InstantFail"),
                    VarlinkCall(method: "io.pumpd.Test.Instant", parameters: ["tag": "quiet"], oneway: true),
                    VarlinkCall(method: "io.pumpd.Test.Slow", parameters: ["id": 2, "ms": 0]),
                ]
                try connection.sendRaw(calls.flatMap { $0.serialized() + [0] })
                return try (0..<5).map { _ in try connection.receiveReply() }
            }
            #expect(replies.map(\.parameters["id"]) == [1, nil, nil, nil, 2])
            #expect(replies[1].parameters == ["tag": "a"])
            #expect(replies[2].parameters == ["tag": "pre-encoded"])
            #expect(replies[3].error == "io.pumpd.Test.LimitExceeded" && replies[3].parameters == ["limit": 7])
            #expect(fixture.probe.snapshot == ["start 1", "end 1", "instant a", "instant encoded", "instant quiet", "start 2", "end 2"])
            #expect(await fixture.records.wait { $0.count == 6 })
            #expect(fixture.records.snapshot.map(\.outcome) == [
                .replied, .replied, .replied, .failed(errorName: "io.pumpd.Test.LimitExceeded"), .completedWithoutReply, .replied,
            ])
        }
    }

    @Test func onewayCallsRunButGetNoReply() async throws {
        try await ServiceFixture.with { fixture in
            let reply = try await blocking {
                let connection = try fixture.connect()
                _ = try connection.call("io.pumpd.Test.Notify", parameters: ["tag": "quiet"], oneway: true)
                try connection.send(VarlinkCall(method: "io.pumpd.Test.Fail", oneway: true))
                return try connection.call("io.pumpd.Test.GetStatus")
            }
            #expect(reply == ["rate": 120])
            #expect(fixture.probe.snapshot == ["notify quiet"])
            #expect(await fixture.records.wait { $0.count == 3 })
            #expect(fixture.records.snapshot.map(\.outcome) == [
                .completedWithoutReply, .failed(errorName: "io.pumpd.Test.LimitExceeded"), .replied,
            ])
            #expect(fixture.records.snapshot.map(\.replies) == [0, 0, 1])
        }
    }

    @Test func moreCallsStreamSeveralRepliesThenAFinalOne() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                try connection.send(VarlinkCall(method: "io.pumpd.Test.Count", parameters: ["to": 3], more: true))
                let replies = try (0..<3).map { _ in try connection.receiveReply() }
                #expect(replies == [
                    VarlinkReply(parameters: ["n": 1], continues: true), VarlinkReply(parameters: ["n": 2], continues: true),
                    VarlinkReply(parameters: ["n": 3]),
                ])
                var seen: [JSONObject] = []
                try connection.callMore("io.pumpd.Test.Count", parameters: ["to": 2]) {
                    seen.append($0)
                    return true
                }
                #expect(seen == [["n": 1], ["n": 2]])
            }
        }
    }

    @Test func aStreamingMethodCalledWithoutMoreGetsExpectedMore() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                #expect(throws: VarlinkError.expectedMore) { try fixture.connect().call("io.pumpd.Test.Count", parameters: ["to": 2]) }
            }
        }
    }

    @Test func aHandlerThatReturnsWithoutReplyingGetsAnInternalErrorSent() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                #expect(throws: VarlinkError("io.pumpd.Test.InternalError", parameters: ["reason": "the handler returned without a final reply"])) {
                    try connection.call("io.pumpd.Test.Forget")
                }
                #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
            }
        }
    }

    @Test func continuesToACallWithoutMoreIsRefusedAndNothingIsSent() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                let reply = try {
                    try connection.send(VarlinkCall(method: "io.pumpd.Test.StreamWithoutMore"))
                    return try connection.receiveReply()
                }()
                #expect(reply.varlinkError == VarlinkError(
                    "io.pumpd.Test.InternalError", parameters: ["reason": "the handler sent continues: true to a call made without more"]))
                #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
            }
        }
    }

    @Test func upgradeCallsAreRefused() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                try connection.send(VarlinkCall(method: "io.pumpd.Test.GetStatus", upgrade: true))
                #expect(try connection.receiveReply().varlinkError == .invalidParameter("upgrade"))
            }
        }
    }

    @Test func theObserverSeesEveryRequestWithItsOutcome() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                let connection = try fixture.connect()
                _ = try connection.call("org.varlink.service.GetInfo")
                _ = try? connection.call("io.pumpd.Test.Fail")
                try connection.callMore("io.pumpd.Test.Count", parameters: ["to": 3]) { _ in true }
                try connection.sendMessage("nonsense")
                _ = try connection.receiveReply()
            }
            #expect(await fixture.records.wait { $0.count == 4 })
            let records = fixture.records.snapshot
            #expect(records.map(\.method) == ["org.varlink.service.GetInfo", "io.pumpd.Test.Fail", "io.pumpd.Test.Count", nil])
            #expect(records.map(\.outcome) == [
                .replied, .failed(errorName: "io.pumpd.Test.LimitExceeded"), .replied, .failed(errorName: "io.pumpd.Test.MalformedRequest"),
            ])
            #expect(records.map(\.replies) == [1, 1, 3, 1])
            #expect(records.allSatisfy { $0.peer.pid == getpid() && $0.duration >= .zero })
        }
    }
}
