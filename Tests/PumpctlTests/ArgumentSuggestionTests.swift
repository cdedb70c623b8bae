import PumpctlKit
import Testing
import Varlink

/// Misspelt commands, options and names get a suggestion; an unknown option is reported before
/// anything is found missing; nothing reaches pumpd.
@Suite struct ArgumentSuggestionTests {
    @Test func aMisspeltCommandIsRefusedWithASuggestion() {
        let terminal = TestConsole()
        #expect(terminal.run(["stauts"]) == .usage)
        #expect(terminal.errors.contains("unknown command \"stauts\": did you mean \"status\"?"), "\(terminal.errors)")
    }

    @Test func anUnknownCommandWithNothingCloseListsTheCommands() {
        let terminal = TestConsole()
        #expect(terminal.run(["frobnicate"]) == .usage)
        #expect(terminal.errors.contains("the commands are status, prescription, program"), "\(terminal.errors)")
    }

    @Test func aMisspeltOptionIsReportedBeforeTheMissingOnes() {
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--durration", "10min", "--dose", "1ug"]) == .usage)
        #expect(terminal.errors.contains("unknown option \"--durration\" for pumpctl bolus: did you mean \"--duration\"?"), "\(terminal.errors)")
        #expect(!terminal.errors.contains("needs --dose and --duration"))
    }

    @Test func aMisspeltGlobalOptionBeforeTheCommandIsSuggestedToo() {
        let terminal = TestConsole()
        #expect(terminal.run(["--sokcet", "/tmp/x", "status"]) == .usage)
        #expect(terminal.errors.contains("did you mean \"--socket\"?"), "\(terminal.errors)")
    }

    @Test func anOptionValueThatLooksLikeACommandIsAValue() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status()])])
        let terminal = TestConsole()
        #expect(terminal.run(["--socket", pumpd.path, "status"]) == .success, "\(terminal.errors)")
    }

    @Test func anExtraArgumentIsReportedBeforeTheMissingOptions() {
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "extra"]) == .usage)
        #expect(terminal.errors.contains("unexpected argument \"extra\""), "\(terminal.errors)")
    }

    @Test(arguments: ["occlusoin", "Occlusoin"])
    func aMisspeltAlarmKindIsSuggestedAndNothingIsSent(_ typed: String) throws {
        let pumpd = try FakePumpd(["AcknowledgeAlarm": .reply([:])])
        let terminal = TestConsole()
        #expect(terminal.run(["ack", typed, "--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.contains("unknown alarm kind \"\(typed)\": did you mean \"occlusion\"?"), "\(terminal.errors)")
        #expect(pumpd.calls.isEmpty)
    }

    @Test func anAlarmKindNothingResemblesIsRefusedWithTheListAndNoEmptySuggestion() throws {
        let terminal = TestConsole()
        #expect(terminal.run(["ack", "bogus", "--socket", "/nonexistent.sock"]) == .usage)
        #expect(terminal.errors.hasPrefix("unknown alarm kind \"bogus\" (the alarm kinds are occlusion, "), "\(terminal.errors)")
    }

    @Test(arguments: [("Occlusion", "occlusion"), ("MOTOR_STALL", "motor-stall"), ("battery-eos", "battery-eos")])
    func alarmKindsAreAcceptedInAnyCase(_ typed: String, _ sent: String) throws {
        let pumpd = try FakePumpd(["AcknowledgeAlarm": .reply([:])])
        let terminal = TestConsole()
        #expect(terminal.run(["ack", typed, "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.calls.first?.parameters == ["kind": .string(sent)])
    }

    @Test func eventKindsAreAcceptedInAnyCase() throws {
        let pumpd = try FakePumpd(["GetHistory": .reply(["events": [], "hours": []])])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--kind", "alarmraised", "--kind", "bolus-started", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.calls.first?.parameters["kinds"] == ["alarmRaised", "bolusStarted"])
    }

    @Test func anUnknownEventKindIsRefusedWithASuggestionAndTheList() throws {
        let pumpd = try FakePumpd(["GetHistory": .reply(["events": [], "hours": []])])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--kind", "alarmRasied", "--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.contains("did you mean \"alarmRaised\"?"), "\(terminal.errors)")
        #expect(terminal.errors.contains("the event kinds are programCommitted, deliveryStarted"), "\(terminal.errors)")
        #expect(pumpd.calls.isEmpty)
    }
}
