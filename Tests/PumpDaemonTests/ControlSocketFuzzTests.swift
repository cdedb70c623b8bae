import Foundation
import PumpTestKit
import Synchronization
import Testing
import Varlink

/// The control socket against hostile clients: the real pumpd, a running program, and thousands
/// of malformed, random and certainly-invalid requests over hundreds of connections.
///
/// The oracle is the pump itself. Read-only methods may be called with anything; a method that
/// changes state is only ever sent with a witness of its invalidity (see HostileRequestGenerator),
/// so any success of one, and any change of mode, alarms, faults, program, reservoir or event log,
/// is a failure. Every reply is checked against the IDL files in Sources/PumpService/Interfaces,
/// every connection must answer every complete request (a close without a reply is allowed only
/// for a request over the 64 KiB limit), and delivery must keep pace with the program meanwhile.
///
/// Seeds: two fixed ones and one new each run (printed; `PUMPD_FUZZ_SEED=0x… swift test --skip-build
/// --filter ControlSocketFuzzTests` replays one, `PUMPD_FUZZ_REQUESTS=N` changes how many requests
/// a seed sends). A failure lists the episode's messages byte for byte and, when pumpd died, its
/// fatal error and the crashed thread's frames.
@Suite(.serialized) struct ControlSocketFuzzTests {
    static let seeds: [UInt64] = {
        if let text = ProcessInfo.processInfo.environment["PUMPD_FUZZ_SEED"],
            let seed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        {
            return [seed]
        }
        return [0x5EED_0001, 0x5EED_0002, UInt64.random(in: 0...UInt64.max)]
    }()

    static let requestsPerSeed = ProcessInfo.processInfo.environment["PUMPD_FUZZ_REQUESTS"].flatMap(Int.init) ?? 6_000

    /// pumpd on the simulated rig, delivering a 500 µg/day program at ×100.
    static func deliveringDaemon() throws -> RunningDaemon {
        try RunningDaemon(arguments: ["--profile", "hw-profiles/sim.toml", "--daily-dose", "500ug/day", "--time-scale", "100"])
            .start(timeout: 30, until: .delivering)
    }

    @Test(arguments: seeds)
    func malformedAndRandomRequestsNeverCrashTheDaemonOrChangeItsState(seed: UInt64) async throws {
        let idl = try VarlinkIDL.served()
        let daemon = try Self.deliveringDaemon()
        defer { daemon.shutdown() }
        let outcome = await onOwnThread { Self.fuzz(daemon, idl: idl, seed: seed, requests: Self.requestsPerSeed) }
        print(outcome.summary)
        for problem in outcome.problems {
            Issue.record(
                "\(problem)\n(seed \(FuzzSession.hex(seed)); replay: PUMPD_FUZZ_SEED=\(FuzzSession.hex(seed)) swift test --skip-build --filter ControlSocketFuzzTests)"
            )
        }
    }

    @Test func aHalfSentRequestAndAWatcherThatNeverReadsDelayNoOtherClient() async throws {
        let daemon = try Self.deliveringDaemon()
        defer { daemon.shutdown() }
        let outcome = await onOwnThread { Self.slowClients(daemon) }
        print(outcome.summary)
        for problem in outcome.problems { Issue.record("\(problem)") }
    }

    // MARK: The fuzz run

    struct Outcome: Sendable {
        var problems: [String] = []
        var summary = ""
    }

    /// What the daemon shows a well-behaved client: the baseline and the state afterwards.
    struct Snapshot {
        var status: JSONObject
        var prescription: JSONObject
        var alarms: JSONObject
        var history: JSONObject
        var faults: JSONValue
        var clock: JSONObject

        init(_ daemon: RunningDaemon) throws {
            let connection = try daemon.connect(receiveTimeout: .seconds(5))
            status = try connection.call("io.pumpd.Pump.GetStatus")["status"]?.objectValue ?? [:]
            prescription = try connection.call("io.pumpd.Pump.GetPrescription")
            alarms = try connection.call("io.pumpd.Pump.GetAlarms")
            history = try connection.call("io.pumpd.Pump.GetHistory")
            faults = try connection.call("io.pumpd.Rig.GetFaults")["faults"] ?? .null
            clock = try connection.call("io.pumpd.Rig.GetClock")
        }

        var events: [JSONObject] { history["events"]?.arrayValue?.compactMap(\.objectValue) ?? [] }

        func integer(_ field: String) -> Int64 { status[field]?.integerValue ?? 0 }
    }

    static func fuzz(_ daemon: RunningDaemon, idl: VarlinkIDL, seed: UInt64, requests: Int) -> Outcome {
        var outcome = Outcome()
        let outerStart = ContinuousClock.now
        let before: Snapshot
        do { before = try Snapshot(daemon) } catch {
            outcome.problems.append("no baseline from a fresh pumpd: \(error)\n\(daemon.logTail())")
            return outcome
        }
        let innerStart = ContinuousClock.now
        outcome.problems += baselineProblems(before, idl: idl)
        guard outcome.problems.isEmpty else { return outcome }

        let session = FuzzSession(daemon: daemon, idl: idl, seed: seed, baselineStatus: before.status, baselineFaults: before.faults)
        var generator = HostileRequestGenerator(seed: seed)
        var episodes = 0
        while session.tally.requests < requests, !session.stopped, ContinuousClock.now - innerStart < .seconds(40) {
            session.run(generator.episode(), index: episodes)
            episodes += 1
        }
        let fuzzing = ContinuousClock.now - innerStart
        outcome.problems += session.failures
        let tally = session.tally
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(
                separator: ", ")
        }
        outcome.summary = """
            ControlSocketFuzz seed \(FuzzSession.hex(seed)): \(tally.requests) requests in \(episodes) episodes on \(tally.connections) connections \
            in \(fuzzing.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
              sent: \(list(tally.byCategory))
              \(tally.replies) replies: \(list(tally.byOutcome))
              oversized: \(tally.oversizedAnswered) answered RequestTooLarge, \(tally.oversizedClosedWithoutReply) closed without a reply; \
            half-closed connections hung up: \(tally.hungUpAfterHalfClose)
            """
        // Long enough a window for the delivery check to mean something (≈ 1.2 steps/s here).
        while ContinuousClock.now - innerStart < .seconds(8) { Thread.sleep(forTimeInterval: 0.1) }

        let innerEnd = ContinuousClock.now
        guard daemon.isRunning else {
            outcome.problems.append(
                "pumpd is not running after the hostile requests (\(daemon.termination ?? "?")):\n\(daemon.crashReport())")
            return outcome
        }
        let after: Snapshot
        do { after = try Snapshot(daemon) } catch {
            outcome.problems.append("a fresh client got no prompt answer after the hostile requests: \(error)\n\(daemon.logTail())")
            return outcome
        }
        let outerEnd = ContinuousClock.now
        let (stateProblems, delivery) = compare(before, after, inner: innerEnd - innerStart, outer: outerEnd - outerStart)
        outcome.problems += stateProblems
        outcome.summary += "\n  " + delivery
        return outcome
    }

    /// The starting point must be what the test assumes: running, programmed, no alarm, no fault.
    static func baselineProblems(_ before: Snapshot, idl: VarlinkIDL) -> [String] {
        var problems: [String] = []
        let status = before.status
        if status["mode"] != "running" || status["programmed"] != true || status["alarms"] != .array([]) || status["task"] != nil {
            problems.append("the baseline is not a running program without alarms or task: \(status)")
        }
        if before.clock["kind"] != "accelerated" || before.clock["scale"] != 100 { problems.append("unexpected clock: \(before.clock)") }
        let conformance = idl.fieldProblems(
            ["status": .object(status)], idl.methods["io.pumpd.Pump.GetStatus"]!.output, in: "io.pumpd.Pump", at: "")
        if !conformance.isEmpty { problems.append("GetStatus does not reply as the IDL declares: \(conformance)") }
        return problems
    }

    /// Everything a hostile client must not have changed; and delivery kept going at the program's
    /// rate meanwhile (`inner`: between the two status readings at least; `outer`: at most).
    static func compare(_ before: Snapshot, _ after: Snapshot, inner: Duration, outer: Duration) -> ([String], String) {
        var problems: [String] = []
        let status = after.status
        if status["mode"] != "running" || status["stopCause"] != nil || status["programmed"] != true {
            problems.append(
                "delivery is no longer running its program: mode \(status["mode"] ?? .null), stopCause \(status["stopCause"] ?? .null)")
        }
        for field in ["alarms", "task", "stepVolume", "rate", "basalRate", "doseRate", "missedTotal", "callerRole", "rig"]
        where status[field] != before.status[field] {
            problems.append("status.\(field) changed: \(before.status[field] ?? .null) → \(status[field] ?? .null)")
        }
        for field in ["drug", "fillVolume", "filledAt"] where status["reservoir"]?[field] != before.status["reservoir"]?[field] {
            problems.append(
                "status.reservoir.\(field) changed: \(before.status["reservoir"]?[field] ?? .null) → \(status["reservoir"]?[field] ?? .null)"
            )
        }
        for field in ["active", "committedAt", "previous"] where after.prescription[field] != before.prescription[field] {
            problems.append(
                "the prescription's \(field) changed: \(before.prescription[field] ?? .null) → \(after.prescription[field] ?? .null)")
        }
        var summaryBefore = before.prescription["activeSummary"]?.objectValue ?? [:]
        var summaryAfter = after.prescription["activeSummary"]?.objectValue ?? [:]
        for moving in ["lowReservoirAt", "emptyAt", "lowReservoirExpectedAt", "emptyExpectedAt"] {  // forecasts from now: they move with time
            summaryBefore[moving] = nil
            summaryAfter[moving] = nil
        }
        if summaryBefore != summaryAfter { problems.append("the program summary changed: \(summaryBefore) → \(summaryAfter)") }
        if after.alarms["active"] != .array([]) { problems.append("alarms are active: \(after.alarms["active"] ?? .null)") }
        if after.alarms["history"] != before.alarms["history"] {
            problems.append("the alarm history changed: \(before.alarms["history"] ?? .null) → \(after.alarms["history"] ?? .null)")
        }
        if after.faults != before.faults { problems.append("the rig's faults changed: \(before.faults) → \(after.faults)") }
        if after.clock["kind"] != before.clock["kind"] || after.clock["scale"] != before.clock["scale"] {
            problems.append("the clock changed: \(before.clock) → \(after.clock)")
        }
        let lastSequence = before.events.compactMap { $0["sequence"]?.integerValue }.max() ?? 0
        // Refusals are audited (callRefused) and a loaded machine may hold the loop up (loopStalled):
        // neither is a change the requests made.
        let newEvents = after.events.filter {
            ($0["sequence"]?.integerValue ?? 0) > lastSequence && $0["kind"] != "callRefused" && $0["kind"] != "loopStalled"
        }
        if !newEvents.isEmpty {
            problems.append(
                "the event log grew: "
                    + newEvents.map { "\($0["kind"] ?? .null): \($0["summary"] ?? .null) by \($0["caller"] ?? .null)" }.joined(
                        separator: "; "))
        }

        // Delivery: 500 µg/day at 2000 µg/mL in 250 000 pL steps is 1000 steps a day; ×100.
        let stepVolume = Double(before.integer("stepVolume"))
        let stepsPerDay = Double(before.integer("basalRate")) / stepVolume
        let scale = Double(before.clock["scale"]?.integerValue ?? 1)
        func expectedSteps(_ span: Duration) -> Double {
            let seconds = Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18
            return seconds * scale * stepsPerDay / 86_400
        }
        let moved = after.integer("stepsMoved") - before.integer("stepsMoved")
        let lower = Int64((expectedSteps(inner) / 2).rounded(.down))
        let upper = Int64(expectedSteps(outer).rounded(.up)) + 2
        if moved < lower {
            problems.append(
                "delivery stalled: \(moved) steps moved in \(inner), at least \(lower) expected (half of \(expectedSteps(inner)))")
        }
        if moved > upper { problems.append("delivery ran ahead: \(moved) steps moved, at most \(upper) expected") }
        let concentration = Double(before.status["reservoir"]?["drug"]?["concentration"]?.integerValue ?? 0)
        let massPerStep = stepVolume * concentration / 1_000_000  // pL × µg/mL → ng
        let delivered = after.integer("deliveredTotal") - before.integer("deliveredTotal")
        if Double(delivered) > Double(upper) * massPerStep || abs(Double(delivered) - Double(moved) * massPerStep) > 2 * massPerStep {
            problems.append("delivered \(delivered) ng while \(moved) steps of \(massPerStep) ng moved (at most \(upper) steps expected)")
        }
        let delivery =
            "delivery: \(moved) steps, \(delivered) ng (\(Int(stepsPerDay)) steps/day ×\(Int(scale)): expected ≥ \(lower) and ≤ \(upper))"
        return (problems, delivery)
    }

    // MARK: Slow and stuck clients

    /// Client A leaves a request half-sent; B watches events and never reads; D stops and resumes
    /// delivery over and over so that events pour into B's unread stream; meanwhile C asks for the
    /// status again and again. Every call of C and D must be answered within a generous bound.
    static func slowClients(_ daemon: RunningDaemon) -> Outcome {
        var outcome = Outcome()
        let replyBound: Duration = .seconds(5)
        guard let halfSent = RawSocket(path: daemon.socket), let watcher = RawSocket(path: daemon.socket) else {
            outcome.problems.append("cannot connect")
            return outcome
        }
        halfSent.send(Array(#"{"method":"io.pumpd.Pump.GetStatus","parameters":{"#.utf8))
        watcher.send(Array(#"{"method":"io.pumpd.Pump.WatchEvents","more":true}"#.utf8) + [0])

        let problems = Mutex<[String]>([])
        let generatorDone = Atomic<Bool>(false)
        let statusCalls = Atomic<Int>(0)
        let cycles = 150
        let threads = DispatchGroup()
        func spawn(_ work: @escaping @Sendable () -> Void) {
            threads.enter()
            let thread = Thread {
                work()
                threads.leave()
            }
            thread.start()
        }
        spawn {  // D: each Stop and Resume is logged as events every watcher is sent
            defer { generatorDone.store(true, ordering: .releasing) }
            do {
                let connection = try daemon.connect(receiveTimeout: replyBound)
                for _ in 0..<cycles {
                    _ = try connection.call("io.pumpd.Pump.Stop")
                    _ = try connection.call("io.pumpd.Pump.Resume")
                }
            } catch {
                problems.withLock { $0.append("the clinician's Stop/Resume failed: \(error)") }
            }
        }
        spawn {  // C: until D is done and the watcher's slow-client timeout (5 s) has surely passed
            do {
                let connection = try daemon.connect(receiveTimeout: replyBound)
                var doneAt: ContinuousClock.Instant?
                while doneAt.map({ ContinuousClock.now - $0 < .seconds(7) }) ?? true {
                    let status = try connection.call("io.pumpd.Pump.GetStatus")
                    guard status["status"]?["mode"]?.stringValue != nil else { throw FuzzProblem("GetStatus without a status: \(status)") }
                    statusCalls.add(1, ordering: .relaxed)
                    if doneAt == nil, generatorDone.load(ordering: .acquiring) { doneAt = .now }
                    Thread.sleep(forTimeInterval: 0.02)
                }
            } catch {
                problems.withLock { $0.append("GetStatus failed while other clients stalled (bound \(replyBound) a call): \(error)") }
            }
        }
        threads.wait()
        outcome.problems += problems.withLock { $0 }

        // The watcher that never read was cut off rather than waited for: what it had been sent
        // arrives, then the end of the stream.
        var received = 0
        var watcherEnd = "still open"
        let deadline = ContinuousClock.now + .seconds(15)
        reading: while ContinuousClock.now < deadline {
            switch watcher.receive(timeout: .seconds(15)) {
            case .message: received += 1
            case .closed:
                watcherEnd = "disconnected"
                break reading
            case .timedOut: break reading
            }
        }
        if watcherEnd != "disconnected" {
            outcome.problems.append("the watcher that never read was not disconnected (\(received) replies, then it stayed open)")
        }
        if !daemon.isRunning { outcome.problems.append("pumpd died: \(daemon.termination ?? "?")\n\(daemon.crashReport())") }
        do {
            let status = try daemon.connect(receiveTimeout: replyBound).call("io.pumpd.Pump.GetStatus")
            if status["status"]?["mode"] != "running" { outcome.problems.append("not running after the last Resume: \(status)") }
        } catch {
            outcome.problems.append("a fresh client got no status: \(error)")
        }
        halfSent.close()
        outcome.summary =
            "ControlSocketFuzz slow clients: \(statusCalls.load(ordering: .relaxed)) GetStatus answered while a request stayed half-sent "
            + "and a watcher did not read; \(cycles) Stop/Resume cycles; the watcher got \(received) replies and was \(watcherEnd)"
        return outcome
    }
}

struct FuzzProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
