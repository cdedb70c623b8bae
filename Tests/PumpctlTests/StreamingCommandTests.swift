import PumpctlKit
import Testing
import Varlink

/// Bolus, prime and watch follow streamed replies from a fake pumpd.
@Suite struct StreamingCommandTests {
    static let bolusReplies = FakePumpd.Answer(replies: [
        Fixtures.task("singleBolus", planned: 25_000, delivered: 0, finished: false),
        Fixtures.task("singleBolus", planned: 25_000, delivered: 12_500, finished: false),
        Fixtures.task("singleBolus", planned: 25_000, delivered: 25_000, finished: true),
    ])

    @Test func bolusStreamsWithMoreAndPrintsPlainLinesWhenNotATerminal() throws {
        let pumpd = try FakePumpd(["Bolus": Self.bolusReplies])
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--dose", "50ug", "--duration", "10min", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.first?.more == true)
        #expect(pumpd.calls.first?.parameters == ["kind": "single", "dose": 50_000, "duration": 600])
        #expect(terminal.output == """
            bolus: 0 nL of 25 µL (0 %)
            bolus: 12.5 µL of 25 µL (50 %)
            bolus: 25 µL of 25 µL (100 %)
            single bolus complete: 25 µL delivered

            """)
    }

    @Test func onATerminalTheBarRedrawsInPlace() throws {
        let pumpd = try FakePumpd(["Bolus": Self.bolusReplies])
        let terminal = TestConsole(outputIsTerminal: true)
        #expect(terminal.run(["bolus", "--dose", "50ug", "--duration", "10min", "--socket", pumpd.path]) == .success)
        let updates = terminal.output.split(separator: "\r", omittingEmptySubsequences: true)
        #expect(updates.count == 3)
        #expect(updates[1].hasPrefix("bolus [###############...............] 12.5 µL of 25 µL (50 %)\u{1B}[K"))
        #expect(terminal.output.hasSuffix("(100 %)\u{1B}[K\nsingle bolus complete: 25 µL delivered\n"))
    }

    @Test func jsonPrintsEveryReplyAsALine() throws {
        let pumpd = try FakePumpd(["Bolus": Self.bolusReplies])
        let terminal = TestConsole(outputIsTerminal: true)
        #expect(terminal.run(["bolus", "--dose", "50ug", "--duration", "10min", "--json", "--socket", pumpd.path]) == .success)
        #expect(try terminal.outputLines.map { try JSONValue.parse($0) } == Self.bolusReplies.replies.map { .object($0.parameters) })
    }

    @Test func aBolusStoppedShortExitsRefused() throws {
        let pumpd = try FakePumpd(["Bolus": FakePumpd.Answer(replies: [
            Fixtures.task("patientBolus", planned: 12_500, delivered: 0, finished: false),
            Fixtures.task("patientBolus", planned: 12_500, delivered: 5_000, finished: true),
        ])])
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--patient", "--socket", pumpd.path]) == .refused)
        #expect(pumpd.calls.first?.parameters == ["kind": "patient"])
        #expect(terminal.errors == "patient bolus stopped before it completed: 5 µL of 12.5 µL (40 %) (see pumpctl status and pumpctl alarms)\n")
    }

    @Test func primeSendsItsVolumeAndNewPath() throws {
        let pumpd = try FakePumpd(["Prime": FakePumpd.Answer(replies: [Fixtures.task("priming", planned: 150_000, delivered: 150_000, finished: true)])])
        let terminal = TestConsole()
        #expect(terminal.run(["prime", "--volume", "150ul", "--new-path", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.first?.parameters == ["newPath": true, "volume": 150_000])
        #expect(terminal.outputLines.last == "priming complete: 150 µL delivered")
    }

    @Test func watchPrintsEachEventUntilTheConnectionEnds() throws {
        let event: JSONValue = [
            "sequence": 42, "time": "2026-11-21T08:31:00+01:00", "kind": "stopped", "summary": "delivery stopped by a clinician",
            "detail": "{}", "caller": ["uid": 1000, "pid": 77, "role": "clinician"],
        ]
        let pumpd = try FakePumpd(["WatchEvents": FakePumpd.Answer(
            replies: [VarlinkReply(parameters: ["status": Fixtures.status()]), VarlinkReply(parameters: ["status": Fixtures.status(mode: "stopped"), "event": event])],
            thenClose: true)])
        let terminal = TestConsole()
        #expect(terminal.run(["watch", "--socket", pumpd.path]) == .transport)
        #expect(pumpd.calls.first?.more == true)
        #expect(terminal.outputLines == [
            "watching pumpd on bench-1: running, 0 active alarm(s); Ctrl-C to stop",
            "2026-11-21T08:31:00+01:00  stopped  delivery stopped by a clinician  [clinician]",
        ])
        #expect(terminal.errors == "pumpd closed the connection during WatchEvents\n")

        let json = TestConsole()
        #expect(json.run(["watch", "--json", "--socket", pumpd.path]) == .transport)
        #expect(json.outputLines.count == 3)
        #expect(try JSONValue.parse(json.outputLines[1])["event"] == event)
        #expect(try JSONValue.parse(json.outputLines[2])["error"] == "pumpctl.Transport")  // stdout stays data
    }
}
