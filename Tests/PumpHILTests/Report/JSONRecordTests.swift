import Foundation
import Testing
import Varlink

@testable import PumpHIL

@Suite struct JSONRecordTests {
    @Test func aScenarioRecordParsesAndHoldsEverySampleEventActionAndExpectation() throws {
        let result = ResultBuilder.passed()
        let bytes = JSONRecord.scenario(result).serialized()
        // Well-formed for another parser too.
        #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any])
        let record = try JSONValue.parse(bytes)
        #expect(record["name"] == "motor-stall")
        #expect(record["passed"] == true)
        #expect(record["failure"] == .null)
        #expect(record["simulatedSeconds"] == 7_200)
        #expect(record["stepVolume"] == 250_000)
        #expect(record["samples"]?.arrayValue == result.run.samples.map(JSONValue.object))
        let events = try #require(record["events"]?.arrayValue)
        #expect(events.count == result.run.events.count)
        #expect(events.map { $0["kind"] } == ["programCommitted", "alarmRaised"])
        #expect(events.map { $0["t"] } == [0, 90])
        #expect(events.map { $0["role"] } == ["clinician", .null])
        #expect(events.map { $0["detail"] } == [["mode": "continuous"], ["alarm": "motor-stall"]])
        #expect(events.map { $0["time"] } == [.string(RunBuilder.wall(0)), .string(RunBuilder.wall(90))])
        #expect(record["actions"]?.arrayValue?.map { $0["action"] } == result.run.actions.map { .string($0.label) })
        #expect(record["expectations"]?.arrayValue?.map { $0["name"] } == ["alarm", "stopped", "no delivery"])
    }

    @Test func aFailedScenarioRecordsWhyAndTheHarnessTimingStaysApart() throws {
        let results = [ResultBuilder.failed(), ResultBuilder.harnessFailure()]
        let document = try JSONValue.parse(JSONRecord.document(results).serialized())
        #expect(document["harness"]?["version"] == .string(PumpHIL.version))
        #expect(document["harness"]?["wallSeconds"] == ["1.500", "0.100"])
        let scenarios = try #require(document["scenarios"]?.arrayValue)
        #expect(scenarios.map { $0["passed"] } == [false, false])
        #expect(scenarios[0]["name"] == "a<b & \"c\" 'd'\u{1}")
        #expect(scenarios[0]["expectations"]?[1]?["reason"] == "raised 45 s after t=60 s: later than 1 s")
        #expect(scenarios[1]["failure"] == "pumpd exited with 2 at start:\ncannot read the profile")
        // No harness timing inside a scenario's record: two runs compare byte for byte.
        #expect(!String(decoding: JSONRecord.scenario(results[0]).serialized(), as: UTF8.self).contains("wallSeconds"))
    }
}
