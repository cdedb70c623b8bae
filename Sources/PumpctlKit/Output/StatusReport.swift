import PumpCore
public import PumpWire

/// The pump's status as label and value lines a person reads at a glance.
public struct StatusReport: Sendable {
    public var status: WireStatus
    /// How critical alarms are highlighted.
    public var palette: Palette

    /// A report of `status`.
    public init(_ status: WireStatus, palette: Palette = .plain) {
        self.status = status
        self.palette = palette
    }

    /// Label and value lines, quantities in readable units.
    public var lines: [String] {
        let s = status
        var critical: Set<Int> = []  // rows of critical alarms
        var rows: [[String]] = [
            ["pumpd", "\(s.rig.text), \(s.time)"],
            ["mode", s.modeText],
            ["program", s.programmed ? "active" : "none"],
            ["dose rate", "\(QuantityFormatter.doseRate(nanogramsPerDay: s.doseRate)) now (flow \(QuantityFormatter.flow(picolitresPerDay: s.rate)), basal flow \(QuantityFormatter.flow(picolitresPerDay: s.basalRate)))"],
            ["delivered", "\(QuantityFormatter.mass(nanograms: s.deliveredToday)) today (\(QuantityFormatter.volume(nanolitres: s.deliveredTodayVolume))), "
                + "\(QuantityFormatter.mass(nanograms: s.deliveredLastHour)) in the last hour, \(QuantityFormatter.mass(nanograms: s.deliveredLastDay)) in the last 24 h, "
                + "\(QuantityFormatter.mass(nanograms: s.deliveredTotal)) in total"],
        ]
        if let unrecorded = s.deliveredUnrecordedAtMost, unrecorded > 0 {
            rows.append(["", "up to \(QuantityFormatter.mass(nanograms: unrecorded)) "
                + "(\(QuantityFormatter.volume(nanolitres: s.deliveredUnrecordedVolumeAtMost ?? 0))) more, unrecorded at restarts after crashes "
                + "(counted as given for the reservoir and dose limits)"])
        }
        rows += [
            ["missed", "\(QuantityFormatter.volume(nanolitres: s.missedTotal)) owed while delivery was off (never caught up)"],
            ["reservoir", s.reservoir.text],
        ]
        // The expected dates, the bridge and the patient boluses are absent from an older pumpd's status.
        let dates = [
            ("low-reservoir alarm", s.reservoir.lowReservoirExpectedAt, s.reservoir.lowReservoirAt),
            ("empty", s.reservoir.emptyExpectedAt, s.reservoir.emptyAt),
        ]
        for (what, expected, worst) in dates {
            switch (expected, worst) {
            case (let expected?, let worst?): rows.append(["", "\(what) expected \(expected); at worst (every allowed bolus) by \(worst)"])
            case (let expected?, nil): rows.append(["", "\(what) expected \(expected)"])
            case (nil, let worst?): rows.append(["", "\(what) by \(worst)"])
            case (nil, nil): break
            }
        }
        if let bridge = s.bridge { rows.append(["bridge", bridge.text]) }
        if let patient = s.patientBolus {
            let lockout = patient.lockoutRemaining > 0
                ? "locked out for \(TimeSpan.seconds(patient.lockoutRemaining).readable)" + (patient.nextAllowedAt.map { " (next at \($0))" } ?? "")
                : "no lockout"
            rows.append(["patient bolus", "\(patient.used) used, \(patient.left) left in the last 24 h; \(lockout)"])
        }
        rows.append(["battery", s.battery.text])
        if let task = s.task {
            rows.append(["task", "\(task.kindText): \(ProgressBar().amounts(task))"])
        }
        if s.alarms.isEmpty {
            rows.append(["alarms", "none"])
        } else {
            for (index, alarm) in s.alarms.enumerated() {
                if alarm.severity == "critical" { critical.insert(rows.count) }
                rows.append([index == 0 ? "alarms" : "", "\(alarm.kind) (\(alarm.severityText)) since \(alarm.raisedAt): \(alarm.stateText)"])
            }
        }
        if let annunciation = s.annunciation { rows += Self.annunciationRows(annunciation) }
        rows.append(["motor", "\(QuantityFormatter.stepVolume(picolitres: s.stepVolume)) per step, \(s.stepsMoved) steps moved"])
        rows.append(["your role", s.callerRole])
        return TextTable(rows: rows).lines.enumerated().map { critical.contains($0) ? palette.critical($1) : $1 }
    }

    /// The alarm outputs (issue 14): what sounds, a silence, the last self-test and alarm test.
    static func annunciationRows(_ a: WireAnnunciation) -> [[String]] {
        var now = a.testing ? "alarm test playing" : a.priority.map { "\($0) priority annunciating" } ?? "quiet"
        if !a.testing, a.priority != nil, a.sound != a.priority { now += a.sound.map { "; sounding \($0)" } ?? "; sound acknowledged" }
        if let until = a.silencedUntil { now += "; sound silenced until \(until) (lamps on)" }
        if let returns = a.soundReturnsAt { now += "; acknowledged critical alarm sounds again at \(returns)" }
        var rows = [["alarm outputs", now]]
        for check in [a.lastSelfTest, a.lastAlarmTest].compactMap({ $0 }) {
            let name = check.kind == "selfTest" ? "power-on self-test" : "alarm test"
            let verdict = check.interrupted ? "interrupted" : check.passed ? "passed" : "FAILED"
            let failed = check.items.filter { $0.outcome == "failed" }.map { "\($0.subject): \($0.evidence)" }
            rows.append(["", "\(name) \(verdict) at \(check.time)" + (failed.isEmpty ? "" : " (" + failed.joined(separator: "; ") + ")")])
        }
        return rows
    }
}
