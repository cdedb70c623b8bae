import PumpCore
public import PumpWire

// How pumpctl words io.pumpd.Pump's structures (PumpWire's, the ones pumpd encodes).

extension WireStatus {
    /// `running`, `stopped (alarm)`.
    public var modeText: String { stopCause.map { "\(mode) (\($0))" } ?? mode }
}

extension WireReservoir {
    /// `18.25 mL of 20 mL baclofen 2000 µg/mL (ok)`.
    public var text: String {
        "\(QuantityFormatter.volume(nanolitres: remaining)) of \(QuantityFormatter.volume(nanolitres: fillVolume)) \(drug.text) (\(level))"
    }
}

extension WireBattery {
    /// `good, 3600 mV, elective replacement by 2027-…`.
    public var text: String {
        var parts = [level.replacingUnderscores.replacing("-", with: " ")]
        if let millivolts { parts.append("\(millivolts) mV") }
        if let electiveReplacementAt { parts.append("elective replacement by \(electiveReplacementAt)") }
        return parts.joined(separator: ", ")
    }
}

extension WireRig {
    /// `bench-1 (hw-profiles/sim.toml, simulated, virtual clock)`.
    public var text: String { "\(name) (\(profile), \(simulated ? "simulated" : "hardware"), \(clock) clock)" }
}

extension WireTask {
    /// The kind in words: `single bolus`, `priming`.
    public var kindText: String { Self.words(kind) }

    /// camelCase in lower-case words: `patientBolus` → `patient bolus`.
    static func words(_ identifier: String) -> String {
        var text = ""
        for character in identifier {
            if character.isUppercase {
                text += " " + character.lowercased()
            } else {
                text.append(character)
            }
        }
        return text
    }
}

extension WireAlarm {
    /// `critical` or `non-critical`.
    public var severityText: String { severity.replacingUnderscores }

    /// Where the alarm stands: `cause present, not acknowledged`.
    public var stateText: String {
        let cause = causePresent ? "cause present" : "cause cleared\(causeClearedAt.map { " \($0)" } ?? "")"
        let acknowledged = acknowledgedAt.map { "acknowledged \($0)" } ?? "not acknowledged"
        return "\(cause), \(acknowledged)"
    }
}

extension WireCaller {
    /// `clinician (uid 1000, pid 4242)`.
    public var text: String { "\(role) (uid \(uid), pid \(pid))" }
}

extension WireProgramSummary {
    /// Label and value lines in readable units.
    public var rows: [(label: String, value: String)] {
        let basal = basalDailyDoseMin == basalDailyDoseMax
            ? QuantityFormatter.mass(nanograms: basalDailyDoseMin)
            : "\(QuantityFormatter.mass(nanograms: basalDailyDoseMin)) – \(QuantityFormatter.mass(nanograms: basalDailyDoseMax))"
        return [
            ("drug", drug.text),
            ("mode", mode),
            ("basal daily dose", basal),
            ("worst-case daily dose", QuantityFormatter.mass(nanograms: worstDayDose)),
            ("worst-case hourly dose", QuantityFormatter.mass(nanograms: worstHourDose)),
            ("worst-case daily volume", QuantityFormatter.volume(nanolitres: worstDayVolume)),
            ("low-reservoir alarm by", lowReservoirAt ?? "not foreseen"),
            ("reservoir empty by", emptyAt ?? "not foreseen"),
        ]
    }
}

extension WireWarning {
    /// `daily-dose-increase (prescription.basal): basal daily dose 500 mg against …`.
    public var text: String { "\(code) (\(field)): \(message)" }
}

extension WireViolation {
    /// `bolus.dose is 60 µg, must be ≤ 50 µg (above-maximum-bolus)`.
    public var text: String { "\(field) is \(actual), must be \(limit) (\(rule))" }
}

extension String {
    /// `non_critical` → `non-critical`.
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
