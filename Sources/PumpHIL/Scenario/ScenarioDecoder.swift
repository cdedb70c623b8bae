import Foundation
import PumpCore
import PumpProfile
import PumpWire
import Varlink
import VarlinkCodable

/// Reads scenario files (TOML). The format, with every key:
///
/// ```toml
/// [scenario]
/// name = "occlusion-at-a-low-rate"        # required
/// hazard = "catheter occlusion"           # required: the hazard it covers
/// summary = "…"
/// profile = "../hw-profiles/sim.toml"     # against this file's directory (ProfileLocator);
///                                         # default: the nearest hw-profiles/sim.toml upwards
/// start = "2026-01-05T08:00:00Z"          # the virtual clock's start (the default)
/// duration_s = 7200                       # required
/// sample_every_s = 60                     # status and truth samples (default 60)
/// resolution_s = 1                        # sampling inside timed windows (default 1)
///
/// [prescription]                          # committed at t=0; io.pumpd.Pump's Prescription
/// [prescriptions.NAME]                    # more programs, committed by actions
///
/// [[action]]                              # at_s plus exactly one of:
/// at_s = 600
/// faults = { occlusion = true }           # io.pumpd.Rig.SetFaults
/// call = "io.pumpd.Pump.Bolus"            # any method, with
/// parameters = { kind = "single", dose = 20000 }
/// program = "NAME"                        # Validate + Commit ("prescription" is the main one),
/// accept = ["daily-dose-increase"]        #   accepting only these warnings (default: all it raises)
/// refill = { volume = 20_000_000, drug = { name = "baclofen", concentration = 2000 }, withdrawn = 0 }
/// accept = ["concentration-changed"]      # ValidateRefill + CommitRefill accepting these warnings
/// restart = { outage_s = 600, crash = true }
/// step_wall_clock_s = -3600
/// expect_error = "io.pumpd.Pump.BlockedByAlarms"   # optional: the call must be refused so
///
/// [[expect]]                              # exactly one kind key, its own keys, and `name`:
/// alarm_raised = "occlusion"              # after_s (0), within_s (required)
/// alarm_absent = "reservoir-empty"        # from_s (0), to_s (end)
/// motor_stopped = true                    # after_s, within_s, until_s (end)
/// no_delivery_after_alarm = "occlusion"   # until_s (end)
/// delivered = "pumped"                    # or "tip"; from_s, to_s, expected_nl, tolerance_nl
/// delivered_at_most = "tip"               # or "pumped"; from_s, to_s (end), at_most_nl: a bound
/// no_catch_up = true                      # after_s, window_s, rate_nl_per_day, tolerance_steps (1), resumes (true)
/// event = "programCommitted"              # after_s (0), within_s (to the end), role, contains
/// event_absent = "bolusStarted"           # from_s (0), to_s (end)
/// sample = "truth.reservoirVolume"        # from_s (0), to_s (end), at_least, at_most
/// prediction = "status.reservoir.emptyAt" # at_s, alarm, tolerance_s
/// ```
///
/// Names (alarm and event kinds, roles, sample fields) are read as pumpctl reads them: any case,
/// `-` and `_` ignored (``NameSpelling``), and kept as pumpd spells them.
///
/// Checked whole at load, before anything runs: an unknown key anywhere (with a did-you-mean), a
/// fault switch or sensor the rig does not have (``WireRigFault``), an alarm kind pumpd does not
/// raise, an event kind it does not log, a role it does not have (``AccessRole/apiNames``), a
/// sample field or prediction the harness does not sample (``SampleFields``), a program pumpd could not read (unless an action commits it expecting a refusal), and
/// a profile that is not there (``ProfileLocator``).
///
/// Times (`at_s`, `after_s`, `from_s`, `to_s`, `until_s`) lie on the scenario's timeline,
/// 0…`duration_s`; a window (`from_s`…`to_s`, `after_s`…`until_s`) does not end before it starts.
public final class ScenarioDecoder {
    let file: String
    let profiles: ProfileLocator
    private(set) var problems: [ScenarioError.Problem] = []

    init(file: String, profiles: ProfileLocator) {
        self.file = file
        self.profiles = profiles
    }

    func report(_ key: String, at location: SourceLocation, _ message: String) {
        problems.append(.init(file: file, line: location.line, column: location.column, key: key, message: message))
    }

    /// Reads the scenario at `path`.
    public static func load(path: String, profiles: ProfileLocator = ProfileLocator()) throws(ScenarioError) -> Scenario {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(problems: [.init(file: path, line: 1, column: 1, key: "", message: "cannot read the file")])
        }
        return try decode(text, file: path, profiles: profiles)
    }

    /// Reads a scenario from its text; `file` names it in problems and reports, and is where its
    /// profile is looked for (``ProfileLocator``).
    public static func decode(_ text: String, file: String, profiles: ProfileLocator = ProfileLocator()) throws(ScenarioError) -> Scenario {
        let document: TOMLDocument
        do { document = try TOMLDocument(parsing: text) } catch {
            throw ScenarioError(problems: [.init(file: file, line: error.location.line, column: error.location.column, key: "", message: error.message)])
        }
        let decoder = ScenarioDecoder(file: file, profiles: profiles)
        let scenario = decoder.scenario(document.root)
        guard decoder.problems.isEmpty, let scenario else { throw ScenarioError(problems: decoder.problems) }
        return scenario
    }

    static let actionKinds = ["faults", "call", "program", "refill", "restart", "step_wall_clock_s"]
    static let expectationKinds = [
        "alarm_raised", "alarm_absent", "motor_stopped", "no_delivery_after_alarm", "delivered", "delivered_at_most", "no_catch_up", "event",
        "event_absent", "sample", "prediction",
    ]
    static let expectationKeys: [String: [String]] = [
        "alarm_raised": ["after_s", "within_s"], "alarm_absent": ["from_s", "to_s"], "motor_stopped": ["after_s", "within_s", "until_s"],
        "no_delivery_after_alarm": ["until_s"], "delivered": ["from_s", "to_s", "expected_nl", "tolerance_nl"],
        "delivered_at_most": ["from_s", "to_s", "at_most_nl"],
        "no_catch_up": ["after_s", "window_s", "rate_nl_per_day", "tolerance_steps", "resumes"],
        "event": ["after_s", "within_s", "role", "contains"], "event_absent": ["from_s", "to_s"],
        "sample": ["from_s", "to_s", "at_least", "at_most"], "prediction": ["at_s", "alarm", "tolerance_s"],
    ]
    /// The alarm kinds an expectation may name (io.pumpd.Pump's, from the core's one list).
    static let alarmKinds = AlarmKind.allCases.map(\.rawValue)
    /// `did you mean "x"? ` for a misspelt `text` (``ClosestMatch``), or nothing when none is close.
    static func hint(_ text: String, among names: [String]) -> String {
        ClosestMatch.didYouMean(text, among: names).map { "\($0) " } ?? ""
    }

    static let day: Int64 = 86_400
    static let times: ClosedRange<Int64> = 0...(400 * day)

    private func scenario(_ root: TOMLTable) -> Scenario? {
        let top = ScenarioTable(path: "", table: root, decoder: self)
        // Without [scenario] the rest is still read, so that every other problem is reported too.
        let header = top.subtable("scenario")
        if !top.has("scenario") { report("scenario", at: .start, "missing the [scenario] table") }
        let name = header?.string("name", required: true)
        let hazard = header?.string("hazard", required: true)
        let summary = header?.string("summary") ?? ""
        let profile = header.flatMap(profile(of:))
        let start = header?.string("start") ?? "2026-01-05T08:00:00Z"
        if let header, CivilTime(rfc3339: start) == nil {
            report("scenario.start", at: header.location(of: "start"), "expected an RFC 3339 time such as 2026-01-05T08:00:00Z, found \(start)")
        }
        let duration = header?.integer("duration_s", required: true, in: 1...(400 * Self.day))
        let sampleEvery = header?.integer("sample_every_s", in: 1...Self.day) ?? 60
        let resolution = header?.integer("resolution_s", in: 1...3_600) ?? 1
        header?.reportUnknownKeys(takes: ["name", "hazard", "summary", "profile", "start", "duration_s", "sample_every_s", "resolution_s"])

        let prescription = top.json("prescription")
        var prescriptions: [String: JSONValue] = [:]
        var written: [String: (path: String, at: SourceLocation)] = [:]
        if let prescription {
            prescriptions["prescription"] = prescription
            written["prescription"] = ("prescription", top.location(of: "prescription"))
        }
        if let more = top.subtable("prescriptions") {
            for entry in more.table.entries {
                if let value = more.json(entry.key) {
                    prescriptions[entry.key] = value
                    written[entry.key] = (more.keyPath(entry.key), entry.value.location)
                }
            }
        }
        // Without a valid duration, times are checked against the longest scenario only (the
        // duration's own problem is reported), not reported once more each.
        let timeline = Timeline(end: duration)
        let actions = list(top, "action").compactMap { action($0, timeline: timeline, programs: prescriptions) }
        let expectations = list(top, "expect").compactMap { expectation($0, timeline: timeline) }
        // A program an action commits expecting a refusal may be malformed on purpose.
        let refusedOnPurpose = Set(actions.compactMap { action -> String? in
            if case .program(let name, _) = action.kind, action.expectError != nil { return name }
            return nil
        })
        for (name, program) in prescriptions.sorted(by: { $0.key < $1.key }) where !refusedOnPurpose.contains(name) {
            if let place = written[name] { checkWireForm(of: program, at: place.path, place.at) }
        }
        top.reportUnknownKeys(takes: ["scenario", "prescription", "prescriptions", "action", "expect"])
        guard let name, let hazard, let duration, let profile else { return nil }
        return Scenario(
            file: file, name: name, hazard: hazard, summary: summary, profile: profile, start: start, durationSeconds: duration,
            sampleEverySeconds: sampleEvery, resolutionSeconds: resolution, prescription: prescription, prescriptions: prescriptions,
            actions: actions.sorted { $0.atSeconds < $1.atSeconds }, expectations: expectations)
    }

    /// Reports a program that pumpd could not even read (an unknown or misspelt key, a wrong
    /// type): io.pumpd.Pump's Prescription, decoded as pumpd decodes it. Whether it is a safe
    /// program is pumpd's judgement against the rig's limits, when the action comes.
    private func checkWireForm(of program: JSONValue, at path: String, _ location: SourceLocation) {
        do { _ = try WireCoding.decode(Prescription.self, from: program, at: path) } catch {
            report(error.field, at: location, "\(error) (io.pumpd.Pump's Prescription, as pumpd reads it)")
        }
    }

    /// The profile's absolute path; nil when it is not there (reported with every path tried).
    private func profile(of header: ScenarioTable) -> String? {
        let written = header.string("profile")
        switch profiles.locate(written, forScenarioAt: file) {
        case .found(let path): return path
        case .missing(let tried) where written == nil:
            report("scenario.profile", at: header.table.location,
                "no profile given and no \(ProfileLocator.defaultProfile) above the scenario; tried \(tried.joined(separator: ", "))")
        case .missing(let tried):
            report("scenario.profile", at: header.location(of: "profile"),
                "no profile at \(tried.joined()) (a relative profile is taken against the scenario file's directory)")
        }
        return nil
    }

    /// The scenario's timeline, for the times its actions and expectations name.
    struct Timeline {
        /// The scenario's duration; nil when it has none (already reported).
        var end: Int64?
        /// Where a time may lie: within the scenario, which cannot see past its end.
        var times: ClosedRange<Int64> { 0...(end ?? ScenarioDecoder.times.upperBound) }
        /// The default for a time that runs to the end.
        var last: Int64 { end ?? 0 }
    }

    /// The tables of an array of tables (`[[action]]`).
    private func list(_ top: ScenarioTable, _ key: String) -> [ScenarioTable] {
        guard top.has(key) else { return [] }
        guard let items = top.table[key]?.array else {
            report(key, at: top.table[key]?.location ?? .start, "expected [[\(key)]] tables")
            top.markRead(key)
            return []
        }
        // Read here, not converted: each table's own problems are reported once, by its reader.
        top.markRead(key)
        return items.enumerated().compactMap { index, item in
            guard let table = item.table else {
                report("\(key)[\(index + 1)]", at: item.location, "expected a table")
                return nil
            }
            return ScenarioTable(path: "\(key)[\(index + 1)]", table: table, decoder: self)
        }
    }

    private func exactlyOne(of kinds: [String], in table: ScenarioTable) -> String? {
        let present = kinds.filter(table.has)
        guard present.count == 1 else {
            report(table.path, at: table.table.location, present.isEmpty
                ? "says nothing to do: give one of \(kinds.joined(separator: ", "))"
                : "gives \(present.joined(separator: " and ")): give exactly one")
            return nil
        }
        return present[0]
    }

    private func origin(_ table: ScenarioTable) -> String { "\(file):\(table.table.location.line)" }

    private func action(_ table: ScenarioTable, timeline: Timeline, programs: [String: JSONValue]) -> ScenarioAction? {
        let at = table.integer("at_s", required: true, in: timeline.times)
        let expectError = table.string("expect_error")
        let which = exactlyOne(of: Self.actionKinds, in: table)
        var kind: ScenarioAction.Kind?
        switch which {
        case "faults": kind = faults(table).map(ScenarioAction.Kind.faults)
        case "call":
            let method = table.string("call")
            if let method, method.split(separator: ".").count < 3 {
                report(table.keyPath("call"), at: table.location(of: "call"), "expected a full method name such as io.pumpd.Pump.Bolus, found \(method)")
            }
            let parameters = table.has("parameters") ? table.json("parameters")?.objectValue : JSONObject()
            if let method, let parameters { kind = .call(method: method, parameters: parameters) }
        case "program":
            if let name = table.string("program") {
                if programs[name] == nil {
                    report(table.keyPath("program"), at: table.location(of: "program"),
                        "no program named \(name): define [prescriptions.\(name)] (or [prescription] for \"prescription\")")
                } else if table.has("accept") {
                    if let accept = table.json("accept")?.arrayValue?.compactMap(\.stringValue) { kind = .program(name: name, accept: accept) }
                } else {
                    kind = .program(name: name)
                }
            }
        case "refill":
            let accept = table.has("accept") ? table.json("accept")?.arrayValue?.compactMap(\.stringValue) : []
            if let refill = table.json("refill")?.objectValue, let accept { kind = .refill(refill, accept: accept) }
        case "restart":
            if let restart = table.subtable("restart") {
                let outage = restart.integer("outage_s", required: true, in: 0...(30 * Self.day))
                let crash = restart.boolean("crash") ?? true
                restart.reportUnknownKeys(takes: ["outage_s", "crash"])
                if let outage { kind = .restart(outageSeconds: outage, crash: crash) }
            }
        case "step_wall_clock_s":
            if let seconds = table.integer("step_wall_clock_s", in: -(400 * Self.day)...(400 * Self.day)) { kind = .stepWallClock(seconds: seconds) }
        default: break
        }
        // The keys of the kind given; with none or several (already reported), any action's keys.
        let takes = which.map { $0 == "call" ? [$0, "parameters"] : $0 == "refill" || $0 == "program" ? [$0, "accept"] : [$0] } ?? Self.actionKinds + ["parameters", "accept"]
        table.reportUnknownKeys(takes: ["at_s", "expect_error"] + takes)
        guard let at, let kind else { return nil }
        return ScenarioAction(atSeconds: at, kind: kind, expectError: expectError, origin: origin(table))
    }

    /// `pumped` or `tip` under `key`; nil (reported) for anything else.
    private func deliveryMeasure(_ key: String, in table: ScenarioTable) -> Expectation.DeliveryMeasure? {
        table.string(key).flatMap { text in
            let measure = Expectation.DeliveryMeasure(rawValue: text)
            if measure == nil { report(table.keyPath(key), at: table.location(of: key), "expected \"pumped\" or \"tip\", found \(text)") }
            return measure
        }
    }

    private func expectation(_ table: ScenarioTable, timeline: Timeline) -> Expectation? {
        let which = exactlyOne(of: Self.expectationKinds, in: table)
        let label = table.string("name")
        // Every key is read before any is combined, so that each wrong one is reported, not only the first.
        func alarmKind(_ key: String, required: Bool = false) -> String? {
            table.name(key, required: required, among: Self.alarmKinds, what: "alarm kind")
        }
        func time(_ key: String, default value: Int64? = nil) -> Int64? {
            table.integer(key, required: value == nil, in: timeline.times) ?? (table.has(key) ? nil : value)
        }
        /// Reports a window that ends before it starts (it would judge nothing, or trap).
        func ordered(_ from: Int64?, _ fromKey: String, _ to: Int64?, _ toKey: String) -> Bool {
            guard let from, let to else { return false }
            guard from <= to else {
                let key = table.has(toKey) ? toKey : fromKey
                report(table.keyPath(key), at: table.location(of: key), "\(toKey) (\(to)) is before \(fromKey) (\(from)): the window is empty")
                return false
            }
            return true
        }
        var kind: Expectation.Kind?
        switch which {
        case "alarm_raised":
            let alarm = alarmKind("alarm_raised"), after = time("after_s", default: 0), within = time("within_s")
            if let alarm, let after, let within { kind = .alarmRaised(alarm: alarm, after: after, within: within) }
        case "alarm_absent":
            let alarm = alarmKind("alarm_absent"), from = time("from_s", default: 0), to = time("to_s", default: timeline.last)
            if let alarm, ordered(from, "from_s", to, "to_s"), let from, let to { kind = .alarmAbsent(alarm: alarm, from: from, to: to) }
        case "motor_stopped":
            _ = table.boolean("motor_stopped")
            let after = time("after_s"), within = time("within_s"), until = time("until_s", default: timeline.last)
            if ordered(after, "after_s", until, "until_s"), let after, let within, let until {
                kind = .motorStopped(after: after, within: within, until: until)
            }
        case "no_delivery_after_alarm":
            let alarm = alarmKind("no_delivery_after_alarm"), until = time("until_s", default: timeline.last)
            if let alarm, let until { kind = .noDeliveryAfterAlarm(alarm: alarm, until: until) }
        case "delivered":
            let measure = deliveryMeasure("delivered", in: table)
            let from = time("from_s"), to = time("to_s")
            let expected = table.integer("expected_nl", required: true, in: 0...Int64(1) << 50)
            let tolerance = table.integer("tolerance_nl", required: true, in: 0...Int64(1) << 50)
            if let measure, ordered(from, "from_s", to, "to_s"), let from, let to, let expected, let tolerance {
                kind = .delivered(from: from, to: to, measure: measure, expected: expected, tolerance: tolerance)
            }
        case "delivered_at_most":
            let measure = deliveryMeasure("delivered_at_most", in: table)
            let from = time("from_s"), to = time("to_s", default: timeline.last)
            let atMost = table.integer("at_most_nl", required: true, in: 0...Int64(1) << 50)
            if let measure, ordered(from, "from_s", to, "to_s"), let from, let to, let atMost {
                kind = .deliveredAtMost(from: from, to: to, measure: measure, atMost: atMost)
            }
        case "no_catch_up":
            _ = table.boolean("no_catch_up")
            let after = time("after_s"), window = time("window_s")
            let rate = table.integer("rate_nl_per_day", required: true, in: 0...Int64(1) << 40)
            let tolerance = table.integer("tolerance_steps", in: 0...1_000), resumes = table.boolean("resumes")
            if let after, let window, let rate {
                kind = .noCatchUp(after: after, window: window, rateNanolitresPerDay: rate, toleranceSteps: tolerance ?? 1, resumes: resumes ?? true)
            }
        case "event":
            let event = table.name("event", required: true, among: WireEventKind.all, what: "event kind"), after = time("after_s", default: 0)
            let within = time("within_s", default: max(timeline.last - (after ?? 0), 0))
            let role = table.name("role", among: AccessRole.apiNames, what: "role"), contains = table.string("contains")
            if let event, let after, let within { kind = .event(kind: event, after: after, within: within, role: role, contains: contains) }
        case "event_absent":
            let event = table.name("event_absent", required: true, among: WireEventKind.all, what: "event kind"), from = time("from_s", default: 0), to = time("to_s", default: timeline.last)
            if let event, ordered(from, "from_s", to, "to_s"), let from, let to { kind = .eventAbsent(kind: event, from: from, to: to) }
        case "sample":
            let field = table.name("sample", among: SampleFields.numbers, what: "sample field")
            let from = time("from_s", default: 0), to = time("to_s", default: timeline.last)
            let atLeast = table.integer("at_least", in: Int64.min...Int64.max)
            let atMost = table.integer("at_most", in: Int64.min...Int64.max)
            if !table.has("at_least") && !table.has("at_most") { report(table.path, at: table.table.location, "give at_least, at_most or both") }
            if let field, ordered(from, "from_s", to, "to_s"), let from, let to, atLeast != nil || atMost != nil {
                kind = .sampleBounds(field: field, from: from, to: to, atLeast: atLeast, atMost: atMost)
            }
        case "prediction":
            let field = table.name("prediction", among: SampleFields.predictions, what: "prediction")
            let at = time("at_s"), alarm = alarmKind("alarm", required: true)
            let tolerance = table.integer("tolerance_s", required: true, in: 0...(30 * Self.day))
            if let field, let at, let alarm, let tolerance { kind = .prediction(field: field, at: at, alarm: alarm, tolerance: tolerance) }
        default: break
        }
        // The keys of the kind given; with none or several (already reported), any expectation's keys.
        let takes = which.map { [$0] + (Self.expectationKeys[$0] ?? []) } ?? Self.expectationKinds + Set(Self.expectationKeys.values.joined()).sorted()
        table.reportUnknownKeys(takes: ["name"] + takes)
        guard let kind else { return nil }
        return Expectation(kind: kind, name: label ?? Expectation.describe(kind), origin: origin(table))
    }
}
