import Foundation
import PumpCore
import Varlink

/// Runs a scenario against pumpd through io.pumpd.Pump and io.pumpd.Rig only, as any programmer
/// tool would: programs it, does the actions at their times, samples status and truth, reads the
/// event log back, and judges every expectation.
///
/// Time: on a virtual clock the harness moves it (AdvanceTime), so the run is exact and
/// repeatable; on a real or accelerated clock it waits in real time (then restarts and clock steps
/// are refused).
public final class ScenarioRunner {
    public enum Target {
        /// Start pumpd (this executable) on the scenario's profile, on the virtual clock.
        case launch(pumpd: String)
        /// Use the pumpd serving this socket, as it is.
        case attach(socket: String)
    }

    /// Progress lines for the terminal, as the run goes.
    public var progress: (String) -> Void = { _ in }
    let target: Target
    private var process: PumpdProcess?
    private var connection: VarlinkConnection?
    private var socket = ""
    private var virtual = true

    public init(target: Target) { self.target = target }

    /// A failure of the harness or the pump process, not of an expectation: the scenario fails.
    public struct HarnessFailure: Error, CustomStringConvertible {
        public var description: String
    }

    public func run(_ scenario: Scenario) -> ScenarioResult {
        let began = ContinuousClock.now
        var run = RecordedRun()
        var failure: String?
        var simulated: Int64 = 0
        do { simulated = try execute(scenario, into: &run) } catch { failure = "\(error)" }
        let pumpdLog = process?.logTail(lines: 30) ?? ""
        connection?.close()
        process?.remove()
        let evaluator = ExpectationEvaluator(run: run)
        let results = failure == nil ? evaluator.judge(scenario.expectations) + evaluator.invariants() : []
        let elapsed = ContinuousClock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ScenarioResult(
            scenario: scenario, run: run, expectations: results, failure: failure, wallSeconds: seconds, simulatedSeconds: simulated,
            pumpdLog: failure != nil || results.contains { !$0.passed } || run.actions.contains { !$0.passed } ? pumpdLog : "")
    }

    private func execute(_ scenario: Scenario, into run: inout RecordedRun) throws -> Int64 {
        guard let start = CivilTime(rfc3339: scenario.start) else { throw HarnessFailure(description: "bad start \(scenario.start)") }
        switch target {
        case .launch(let pumpd):
            let process = try PumpdProcess(executable: pumpd, profile: scenario.profile)
            self.process = process
            try process.start(virtualStart: scenario.start)
            socket = process.socket
        case .attach(let path):
            socket = path
            if scenario.restartsDaemon { throw HarnessFailure(description: "this scenario restarts pumpd: run it without --socket so pump-hil owns the process") }
        }
        try reconnect()
        let clock = try call("io.pumpd.Rig.GetClock")
        virtual = clock["kind"]?.stringValue == "virtual"
        var map = WallClockMap(start: virtual ? start : CivilTime(rfc3339: clock["time"]?.stringValue ?? "") ?? start)
        run.stepVolume = try call("io.pumpd.Pump.GetStatus")["status"]?["stepVolume"]?.integerValue ?? 0

        var t: Int64 = 0
        if scenario.prescription != nil {
            run.actions.append(perform(ScenarioAction(atSeconds: 0, kind: .program(name: "prescription"), origin: scenario.file), scenario, map: &map, t: &t))
        }
        try sample(at: t, into: &run)
        var pending = scenario.actions[...]
        let windows = scenario.expectations.compactMap(\.sampledWindow)
        var lastProgress = ContinuousClock.now
        while true {
            while let action = pending.first, action.atSeconds <= t {
                pending.removeFirst()
                let outcome = perform(action, scenario, map: &map, t: &t)
                progress("  \(outcome.passed ? "ok" : "FAILED"): \(outcome.label): \(outcome.result)")
                run.actions.append(outcome)
                try sample(at: t, into: &run)
            }
            guard t < scenario.durationSeconds else { break }
            let fine = windows.contains { $0.contains(t) }
            var next = min(scenario.durationSeconds, t + (fine ? scenario.resolutionSeconds : scenario.sampleEverySeconds))
            let gridPoint = (t / scenario.sampleEverySeconds + 1) * scenario.sampleEverySeconds
            next = min(next, gridPoint)
            if let action = pending.first { next = min(next, max(action.atSeconds, t + 1)) }
            for window in windows where window.lowerBound > t { next = min(next, window.lowerBound) }
            try advance(by: next - t)
            t = next
            try sample(at: t, into: &run)
            if ContinuousClock.now - lastProgress > .seconds(2) {
                progress("  t=\(t) s of \(scenario.durationSeconds) s")
                lastProgress = ContinuousClock.now
            }
        }
        run.events = try events(map: map, start: start, end: start + .seconds(t + 400 * 86_400))
        return t
    }

    // MARK: Actions

    /// The reason recorded when a scenario accepts a drug-library soft limit: bench programs meter
    /// far above clinical doses on purpose.
    static let overrideReason = "pump-hil scenario: a bench program, not a patient's"

    /// Does `action` at scenario time `t`; a restart moves `t` on by its outage.
    private func perform(_ action: ScenarioAction, _ scenario: Scenario, map: inout WallClockMap, t: inout Int64) -> ActionOutcome {
        let at = t
        do {
            let result: String
            switch action.kind {
            case .call(let method, let parameters):
                result = "\(JSONValue.object(try call(method, parameters)))".prefix(200).description
            case .program(let name, let accept):
                let prescription = scenario.prescriptions[name] ?? .null
                let review = try call("io.pumpd.Pump.ValidatePrescription", ["prescription": prescription])
                let token = review["token"] ?? .null
                // The scenario's program is the clinician's: unless the action names what it accepts,
                // its review's warnings are accepted, and said.
                let codes = accept.map { $0.map(JSONValue.string) } ?? review["warnings"]?.arrayValue?.compactMap { $0["code"] } ?? []
                let committed = try call(
                    "io.pumpd.Pump.CommitPrescription",
                    ["prescription": prescription, "token": token, "acceptWarnings": .array(codes), "overrideReason": .string(Self.overrideReason)])
                let accepted = codes.isEmpty ? "" : " (warnings accepted: \(codes.compactMap(\.stringValue).joined(separator: ", ")))"
                result = "committed\(accepted); mode \(committed["status"]?["mode"]?.stringValue ?? "?")"
            case .refill(let refill, let accept):
                let review = try call("io.pumpd.Pump.ValidateRefill", ["refill": .object(refill)])
                var parameters: JSONObject = ["refill": .object(refill), "token": review["token"] ?? .null]
                if !accept.isEmpty {
                    parameters["acceptWarnings"] = .array(accept.map(JSONValue.string))
                    parameters["overrideReason"] = .string(Self.overrideReason)
                }
                let committed = try call("io.pumpd.Pump.CommitRefill", parameters)
                result = "refilled; bridging \(committed["result"]?["bridging"]?.boolValue ?? false)"
            case .faults(let faults):
                result = "\(JSONValue.object(try call("io.pumpd.Rig.SetFaults", ["faults": .object(faults)])["faults"]?.objectValue ?? [:]))"
            case .stepWallClock(let seconds):
                guard virtual else { throw HarnessFailure(description: "the wall clock can only be stepped on a virtual clock") }
                let before = try lastEventSequence(map: map, t: t)
                let reply = try call("io.pumpd.Rig.StepWallClock", ["seconds": .integer(seconds)])
                map.stepped(by: seconds, at: t, after: before)
                result = "wall clock now \(reply["time"]?.stringValue ?? "?")"
            case .restart(let outage, let crash):
                result = try restart(outage: outage, crash: crash)
                t += outage
            }
            if let expected = action.expectError {
                return ActionOutcome(label: action.label, t: at, passed: false, result: "succeeded, but \(expected) was expected: \(result)")
            }
            return ActionOutcome(label: action.label, t: at, passed: true, result: result)
        } catch let error as VarlinkError {
            let passed = action.expectError == error.name
            return ActionOutcome(label: action.label, t: at, passed: passed, result: "refused: \(error)")
        } catch {
            return ActionOutcome(label: action.label, t: at, passed: false, result: "\(error)")
        }
    }

    private func restart(outage: Int64, crash: Bool) throws -> String {
        guard let process, virtual else { throw HarnessFailure(description: "restarts need a pumpd that pump-hil started on the virtual clock") }
        let clock = try call("io.pumpd.Rig.GetClock")
        let now = clock["time"]?.stringValue ?? ""
        guard let reached = CivilTime(rfc3339: now), let monotonic = clock["monotonic"]?.integerValue else {
            throw HarnessFailure(description: "GetClock gave no virtual time: \(clock)")
        }
        connection?.close()
        connection = nil
        if crash { process.kill() } else { process.stop() }
        // A daemon restart, not a reboot: the virtual boot continues, so pumpd measures the outage exactly.
        let resume = reached + .seconds(outage)
        try process.start(virtualStart: resume.description, monotonic: monotonic + outage * 1_000_000_000)
        try reconnect()
        let status = try call("io.pumpd.Pump.GetStatus")["status"]
        return "restarted at \(resume): mode \(status?["mode"]?.stringValue ?? "?"), missed \(status?["missedTotal"]?.integerValue ?? 0) nL"
    }

    // MARK: Time and samples

    private func advance(by seconds: Int64) throws {
        guard seconds > 0 else { return }
        if virtual {
            _ = try call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(seconds)])
        } else {
            Thread.sleep(forTimeInterval: TimeInterval(seconds))
        }
    }

    private func sample(at t: Int64, into run: inout RecordedRun) throws {
        var status = try call("io.pumpd.Pump.GetStatus")["status"]?.objectValue ?? [:]
        for noise in ["rig", "callerRole", "stepVolume"] { status[noise] = nil }
        var sample: JSONObject = ["t": .integer(t), "time": status["time"] ?? .null, "status": .object(status)]
        if let truth = try? call("io.pumpd.Rig.GetTruth")["truth"] { sample["truth"] = truth }
        run.samples.append(sample)
    }

    /// The event log from 400 days before the start to well after the end (wall-clock steps of up
    /// to 400 days either way included), oldest first, in pages of 10 000 (GetHistory's most).
    private func history(start: CivilTime, end: CivilTime) throws -> [JSONValue] {
        var from = (start + .days(-400)).description
        var events: [JSONValue] = []
        var seen = Set<Int64>()
        while true {
            let reply = try call("io.pumpd.Pump.GetHistory", ["from": .string(from), "to": .string(end.description), "limit": 10_000])
            let page = reply["events"]?.arrayValue ?? []
            for event in page where seen.insert(event["sequence"]?.integerValue ?? -1).inserted { events.append(event) }
            // The next page starts at the last event's second; the events of that second already
            // read come again and are skipped. A full page within one second cannot move on.
            guard page.count == 10_000, let last = page.last?["time"]?.stringValue else { break }
            guard last != from else { throw HarnessFailure(description: "more than 10 000 events logged within \(last)") }
            from = last
        }
        return events
    }

    /// The sequence number of the last event logged so far (nil: none), so that a wall-clock step
    /// can be placed in the event log.
    private func lastEventSequence(map: WallClockMap, t: Int64) throws -> Int64? {
        try history(start: map.start, end: map.start + .seconds(t + 400 * 86_400)).compactMap { $0["sequence"]?.integerValue }.max()
    }

    private func events(map: WallClockMap, start: CivilTime, end: CivilTime) throws -> [RecordedEvent] {
        try history(start: start, end: end).compactMap { event -> RecordedEvent? in
            guard let time = event["time"]?.stringValue, let kind = event["kind"]?.stringValue, let sequence = event["sequence"]?.integerValue else {
                return nil
            }
            let detail = event["detail"]?.stringValue.flatMap { try? JSONValue.parse($0) }?.canonical.objectValue ?? [:]
            return RecordedEvent(
                t: CivilTime(rfc3339: time).flatMap { map.t(of: $0, sequence: sequence) }, time: time, kind: kind,
                summary: event["summary"]?.stringValue ?? "", detail: detail, role: event["caller"]?["role"]?.stringValue)
        }
    }

    // MARK: The connection

    private func reconnect() throws {
        connection?.close()
        connection = try VarlinkConnection(path: socket, receiveTimeout: .seconds(900))
    }

    /// The reply with its members in a canonical order: pumpd writes them in no fixed order, and
    /// the record of a run must be the same on every run.
    private func call(_ method: String, _ parameters: JSONObject = [:]) throws -> JSONObject {
        if connection == nil || connection?.isOpen == false { try reconnect() }
        guard let connection else { throw HarnessFailure(description: "no connection to \(socket)") }
        return JSONValue.object(try connection.call(method, parameters: parameters)).canonical.objectValue ?? [:]
    }
}
