import Glibc
import PumpCore
import Synchronization
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

    @Test func watchPrintsEachEventAndEndsWhenPumpdRefusesTheReconnection() throws {
        let event: JSONValue = [
            "sequence": 42, "time": "2026-11-21T08:31:00+01:00", "kind": "stopped", "summary": "delivery stopped by a clinician",
            "detail": "{}", "caller": ["uid": 1000, "pid": 77, "role": "clinician"],
        ]
        let watches = Mutex(0)
        let pumpd = try FakePumpd { call in
            let count = watches.withLock { count in
                count += 1
                return count
            }
            guard count.isMultiple(of: 2) == false else { return .error("PermissionDenied") }
            return FakePumpd.Answer(
                replies: [VarlinkReply(parameters: ["status": Fixtures.status()]), VarlinkReply(parameters: ["status": Fixtures.status(mode: "stopped"), "event": event])],
                thenClose: true)
        }
        let terminal = TestConsole()
        #expect(terminal.run(["watch", "--socket", pumpd.path]) == .refused)
        #expect(pumpd.calls.first?.more == true)
        #expect(terminal.outputLines == [
            "watching pumpd on bench-1: running, 0 active alarm(s); Ctrl-C to stop",
            "2026-11-21T08:31:00+01:00  stopped  delivery stopped by a clinician  [clinician]",
        ])
        #expect(terminal.errors.hasPrefix("-- pumpd closed the connection during WatchEvents; reconnecting (Ctrl-C to stop)\n"))

        let json = TestConsole()
        #expect(json.run(["watch", "--json", "--socket", pumpd.path]) == .refused)
        #expect(json.outputLines.count == 3)  // the status, the event, the error
        #expect(try JSONValue.parse(json.outputLines[1])["event"] == event)
        #expect(try JSONValue.parse(json.outputLines[2])["error"] == "io.pumpd.Pump.PermissionDenied")  // stdout stays data
    }

    static func event(_ sequence: Int64, at time: String) -> JSONValue {
        ["sequence": .integer(sequence), "time": .string(time), "kind": "stopped", "summary": "event \(sequence)", "detail": "{}", "caller": nil]
    }

    /// A pumpd whose first watch sees event 41 and closes (a restart), whose second watch sends
    /// `afterRestart` live and closes, which then refuses a third, and whose history holds `history`.
    static func restartingPumpd(afterRestart: Int64, history: [JSONValue]) throws -> FakePumpd {
        let watches = Mutex(0)
        return try FakePumpd { call in
            switch call.methodName {
            case "WatchEvents":
                let count = watches.withLock { count in
                    count += 1
                    return count
                }
                switch count {
                case 1:
                    return FakePumpd.Answer(replies: [
                        VarlinkReply(parameters: ["status": Fixtures.status()]),
                        VarlinkReply(parameters: ["status": Fixtures.status(), "event": Self.event(41, at: "2026-11-21T08:31:00+01:00")]),
                    ], thenClose: true)
                case 2:
                    return FakePumpd.Answer(replies: [
                        VarlinkReply(parameters: ["status": Fixtures.status(time: "2026-11-21T08:40:00+01:00")]),
                        VarlinkReply(parameters: ["status": Fixtures.status(), "event": Self.event(afterRestart, at: "2026-11-21T08:40:01+01:00")]),
                    ], thenClose: true)
                default:
                    return .error("PermissionDenied")
                }
            case "GetHistory":
                return .reply(["events": .array(history), "hours": []])
            default:
                return FakePumpd.Answer(replies: [VarlinkReply(.methodNotFound(call.method))])
            }
        }
    }

    @Test func watchReconnectsAfterPumpdRestartsShowingTheGapAndTheEventsInIt() throws {
        // After the restart: event 43 comes live, and also in the history of the gap.
        let pumpd = try Self.restartingPumpd(afterRestart: 43, history: [
            Self.event(41, at: "2026-11-21T08:31:00+01:00"), Self.event(42, at: "2026-11-21T08:35:00+01:00"),
            Self.event(43, at: "2026-11-21T08:40:01+01:00"),
        ])
        let ticks = Mutex(Int64(0))
        let terminal = TestConsole(clock: {
            // This machine's clock: 12 s pass between reading the loss and the reconnection.
            let tick = ticks.withLock { tick in
                defer { tick += 1 }
                return tick
            }
            return CivilTime(unixNanoseconds: (1_795_245_000 + tick * 12) * 1_000_000_000, utcOffsetSeconds: 3_600)
        })
        #expect(terminal.run(["watch", "--socket", pumpd.path]) != .success)
        #expect(pumpd.methods == ["WatchEvents", "WatchEvents", "GetHistory", "WatchEvents"])
        #expect(pumpd.calls[2].parameters == ["from": "2026-11-21T08:31:00+01:00"])
        #expect(terminal.outputLines == [
            "watching pumpd on bench-1: running, 0 active alarm(s); Ctrl-C to stop",
            "2026-11-21T08:31:00+01:00  stopped  event 41",
            "-- connection lost at 2026-11-21T08:10:00+01:00, reconnected at 2026-11-21T08:10:12+01:00 (gap 12 s); "
                + "events in the gap: see pumpctl history --since 2026-11-21T08:31:00+01:00",
            "2026-11-21T08:35:00+01:00  stopped  event 42",
            "2026-11-21T08:40:01+01:00  stopped  event 43",
        ])
        #expect(terminal.errors.hasPrefix("-- pumpd closed the connection during WatchEvents; reconnecting (Ctrl-C to stop)\n"))
        // The backoff starts over once a reconnection worked.
        #expect(terminal.pauses == [.milliseconds(250), .milliseconds(250)])
    }

    @Test func watchAfterPumpdCameBackWithAnotherEventLogShowsItsEventsInsteadOfDroppingThem() throws {
        // A fresh state directory: the new log numbers from 1 again.
        let pumpd = try Self.restartingPumpd(afterRestart: 3, history: [
            Self.event(1, at: "2026-11-21T08:39:00+01:00"), Self.event(2, at: "2026-11-21T08:39:30+01:00"),
        ])
        let terminal = TestConsole()
        #expect(terminal.run(["watch", "--socket", pumpd.path]) != .success)
        let lines = terminal.outputLines
        #expect(lines.contains { $0.hasPrefix("-- pumpd's event log is not the one watched before (event #41 at 2026-11-21T08:31:00+01:00 is not in it)") }, "\(lines)")
        #expect(Array(lines.suffix(3)) == [
            "2026-11-21T08:39:00+01:00  stopped  event 1",
            "2026-11-21T08:39:30+01:00  stopped  event 2",
            "2026-11-21T08:40:01+01:00  stopped  event 3",
        ])
    }

    @Test func watchThatNeverConnectedFailsAtOnce() throws {
        let terminal = TestConsole()
        #expect(terminal.run(["watch", "--socket", "/tmp/pumpctl-test-no-such-\(getpid()).sock"]) == .notRunning)
        #expect(terminal.pauses.isEmpty)
    }
}
