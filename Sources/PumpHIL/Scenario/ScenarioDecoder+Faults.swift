import PumpProfile
import PumpWire
import Varlink

extension ScenarioDecoder {
    /// An action's `faults = { … }`, checked against the rig's fault switches (``WireRigFault``,
    /// what io.pumpd.Rig.SetFaults accepts) so that a misspelt or mistyped switch is refused at
    /// load, not when the action comes due hours into the run. Every problem is reported.
    func faults(_ table: ScenarioTable) -> JSONObject? {
        guard let faults = table.subtable("faults") else { return nil }
        guard !faults.table.entries.isEmpty else {
            report(faults.path, at: faults.table.location, "sets no fault: give at least one of \(WireRigFault.names.joined(separator: ", "))")
            return nil
        }
        var valid = true
        for entry in faults.table.entries {
            let path = faults.keyPath(entry.key)
            guard let fault = WireRigFault(rawValue: entry.key) else {
                let guess = ScenarioDecoder.hint(entry.key, among: WireRigFault.names)
                report(path, at: entry.keyLocation, "no such rig fault; \(guess)the rig's faults: \(WireRigFault.names.joined(separator: ", "))")
                valid = false
                continue
            }
            faults.markRead(entry.key)
            if let problem = Self.problem(with: entry.value, for: fault) {
                report(path, at: entry.value.location, problem)
                valid = false
            }
        }
        guard valid else { return nil }
        return table.json("faults")?.objectValue
    }

    /// What is wrong with `value` as the setting of `fault`; nil when nothing is.
    static func problem(with value: TOMLValue, for fault: WireRigFault) -> String? {
        switch fault.setting {
        case .flag:
            return value.boolean == nil ? "expected true or false, found \(value)" : nil
        case .amount(let range):
            guard let number = value.integer else { return "expected a whole number, found \(value)" }
            return range.contains(number) ? nil : "\(number) is outside \(range.lowerBound)…\(range.upperBound)"
        case .sensors:
            guard let items = value.array else { return "expected a list of sensor names, found \(value)" }
            for item in items {
                let sensors = WireRigFault.sensors.joined(separator: ", ")
                guard let name = item.string else { return "expected sensor names (\(sensors)), found \(item)" }
                guard WireRigFault.sensors.contains(name) else {
                    let guess = ScenarioDecoder.hint(name, among: WireRigFault.sensors)
                    return "no sensor \"\(name)\"; \(guess)the rig's sensors: \(sensors)"
                }
            }
            return nil
        }
    }
}
