import Foundation
import PumpctlKit
import Testing
import Varlink

/// With --json, stdout is data whatever happens: replies, daemon errors and pumpctl's own failures
/// are each one JSON object; the words for a person go to stderr.
@Suite struct JSONOutputTests {
    @Test func aDaemonErrorIsItsNameAndParametersOnStdout() throws {
        let violation: JSONValue = ["rule": "above-maximum-bolus", "field": "bolus.dose", "actual": "60 µg", "limit": "≤ 50 µg"]
        let pumpd = try FakePumpd(["Bolus": .error("LimitExceeded", ["violation": violation])])
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--dose", "60ug", "--duration", "1min", "--json", "--socket", pumpd.path]) == .refused)
        let object = try JSONValue.parse(terminal.output)
        #expect(object["error"] == "io.pumpd.Pump.LimitExceeded")
        #expect(object["parameters"]?["violation"] == violation)
        #expect(terminal.errors.contains("limit exceeded"))
    }

    @Test func aConnectionFailureIsAnObjectOnStdout() throws {
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--json", "--socket", "/nonexistent/pumpd.sock"]) == .notRunning)
        let object = try JSONValue.parse(terminal.output)
        #expect(object["error"] == "pumpctl.NotRunning")
        #expect(object["parameters"]?["exitStatus"] == 6)
        #expect(object["parameters"]?["message"]?.stringValue?.contains("no control socket at /nonexistent/pumpd.sock") == true)
    }

    @Test(arguments: [["stauts", "--json"], ["bolus", "--json", "--durration", "1min"], ["bolus", "--json"], ["ack", "occlusoin", "--json"]])
    func aUsageErrorIsAnObjectOnStdout(_ arguments: [String]) throws {
        let terminal = TestConsole()
        #expect(terminal.run(arguments + ["--socket", "/nonexistent/pumpd.sock"]) == .usage)
        let object = try JSONValue.parse(terminal.output)
        #expect(object["error"] == "pumpctl.Usage", "\(terminal.output)")
        #expect(object["parameters"]?["exitStatus"] == 2)
    }

    @Test(arguments: ["csv", "table"])
    func jsonWithAnotherHistoryFormatIsAConflict(_ format: String) throws {
        let pumpd = try FakePumpd(["GetHistory": .reply(["events": [], "hours": []])])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--json", "--format", format, "--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.contains("--json prints JSON and --format \(format) does not: give one of them"), "\(terminal.errors)")
        #expect(pumpd.calls.isEmpty)
    }

    @Test func jsonWithFormatJSONIsTheSameRequest() throws {
        let reply: JSONObject = ["events": [], "hours": []]
        let pumpd = try FakePumpd(["GetHistory": .reply(reply)])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--json", "--format", "json", "--socket", pumpd.path]) == .success)
        #expect(try JSONValue.parse(terminal.output) == .object(reply))
    }

    /// Every command's --json path prints pumpd's reply parameters unchanged, one object per reply.
    @Test(arguments: [
        (["status"], "GetStatus"), (["prescription"], "GetPrescription"), (["alarms"], "GetAlarms"), (["ack", "occlusion"], "AcknowledgeAlarm"),
        (["history"], "GetHistory"), (["stop"], "Stop"), (["resume"], "Resume"), (["calibrate", "--step-volume", "250nl"], "Calibrate"),
        (["bolus", "--end"], "EndBolus"),
    ])
    func everyCommandPrintsItsReplyAsData(_ arguments: [String], _ method: String) throws {
        let reply: JSONObject = ["marker": 42]
        let pumpd = try FakePumpd([method: .reply(reply)])
        let terminal = TestConsole()
        #expect(terminal.run(arguments + ["--json", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(terminal.outputLines.count == 1)
        #expect(try JSONValue.parse(terminal.outputLines[0]) == .object(reply))
    }
}
