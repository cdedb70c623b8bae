import PumpCore
import PumpHardware

/// Turns a parsed document into a `HardwareProfile`, collecting every issue rather than stopping
/// at the first: each section is read even when others are wrong, and a cross-check runs whenever
/// the values it compares were themselves valid (so one mistake yields one issue, not a cascade).
final class ProfileDecoder {
    let file: String
    private(set) var issues: [ProfileIssue] = []
    private(set) var readers: [ProfileTableReader] = []
    /// Every GPIO line read so far, for the duplicate check and `HardwareProfile.lines`.
    var lineUses: [GPIOLineUse] = []

    /// Read from [motor], for cross-checks in other sections.
    var stepVolume: Field<Int64>?
    var maximumStepsPerSecond: Field<Int64>?
    var motorIsReversible: Bool?
    /// The names of the motor's volume and rate keys (step_… or pulse_…), for messages.
    var motorKeys = (volume: "step_volume_pl", rate: "max_steps_per_second")

    init(file: String) { self.file = file }

    func report(_ kind: ProfileIssue.Kind, _ keyPath: String, at location: SourceLocation, _ message: String, suggestion: String? = nil) {
        issues.append(ProfileIssue(keyPath: keyPath, location: location, kind: kind, message: message, suggestion: suggestion))
    }

    /// Adds an issue found in another file (the drug library the profile names).
    func report(_ issue: ProfileIssue) { issues.append(issue) }

    /// Drops a "missing required key" issue for `keyPath` (reported instead as a misspelling).
    func withdrawMissing(_ keyPath: String) {
        issues.removeAll { $0.kind == .missingKey && $0.keyPath == keyPath }
    }

    /// A reader for `table`, checked for unknown keys when decoding ends.
    func reader(path: String, table: TOMLTable) -> ProfileTableReader {
        let reader = ProfileTableReader(path: path, table: table, decoder: self)
        readers.append(reader)
        return reader
    }

    static let noLinesOnSimulatedRig = "a simulated rig has no GPIO lines"

    func decode(_ root: TOMLTable) -> HardwareProfile? {
        let top = reader(path: "", table: root)
        let rig = top.table("rig")
        let name = rig?.string("name")
        let kind = rig?.choice("kind", as: RigKind.self)?.value
        let isGPIO = kind.map { $0 == .gpio }

        let chip = decodeChip(top.table("gpio", .required(when: isGPIO, otherwise: "a simulated rig uses no GPIO chip")))
        let motor = decodeMotor(top.table("motor"), isGPIO: isGPIO)
        let limits = decodeLimits(top.table("limits"))
        let fluidPath = decodeFluidPath(top.table("fluid_path"), limits: limits)
        let reservoir = decodeReservoir(top.table("reservoir"))
        let battery = decodeBattery(top.table("battery"), kind: kind)
        let sensors = top.table("sensors")
        let occlusion = decodeOcclusion(sensors?.table("occlusion"), isGPIO: isGPIO)
        let reservoirSwitch = decodeReservoirSwitch(
            sensors?.table("reservoir_switch", .allowed(when: isGPIO, otherwise: "a simulated rig models its reservoir switch")))
        let realtime = decodeRealtime(top.table("realtime"), isGPIO: isGPIO)
        let accessTable = top.table("access")
        let access = decodeAccess(accessTable)
        let connections = decodeConnectionLimits(accessTable)
        let checkpoint = decodeCheckpoint(top.table("checkpoint"))
        let programming = decodeProgramming(top.table("programming", .optional))
        let calibration = decodeCalibration(top.table("calibration", .optional), limits: limits)
        let alarmOutputs = decodeAlarmOutputs(top.table("alarm_outputs", .optional), isGPIO: isGPIO)

        checkDuplicateLines()
        for reader in readers { reader.reportUnknownKeys() }

        guard issues.isEmpty, let name, let kind, let motor, let limits, let fluidPath, let reservoir, let battery,
              let occlusion, let realtime, let access, let connections, let checkpoint, let programming, let calibration,
              let alarmOutputs,
              kind == .simulated || chip != nil
        else {
            if issues.isEmpty {
                report(.invalidValue, "", at: .start, "the profile is incomplete")  // unreachable: each nil reported its cause
            }
            return nil
        }
        var profile = HardwareProfile(
            file: file, name: name.value, kind: kind, chip: chip, motor: motor, limits: limits, fluidPath: fluidPath,
            reservoir: reservoir, battery: battery, occlusion: occlusion, reservoirSwitch: reservoirSwitch,
            realtime: realtime, access: access, checkpoint: checkpoint, lines: lineUses,
            connections: connections, programming: programming.0, drugLibrary: programming.1)
        profile.calibration = calibration
        profile.alarmOutputs = alarmOutputs
        return profile
    }

    // MARK: [gpio]

    func decodeChip(_ reader: ProfileTableReader?) -> GPIOChipSelector? {
        guard let reader else { return nil }
        let keys = ["chip_label", "chip_name", "chip_path"]
        let given = keys.filter(reader.contains)
        if given.isEmpty {
            report(.missingKey, reader.path, at: reader.location, "missing the chip: set one of chip_label, chip_name or chip_path")
        }
        for extra in given.dropFirst() {
            report(.invalidValue, reader.keyPath(extra), at: reader.table.entry(named: extra)!.keyLocation,
                   "give only one of chip_label, chip_name or chip_path (\(given[0]) is already set)")
        }
        let label = reader.string("chip_label", .optional)
        let name = reader.string("chip_name", .optional)
        let path = reader.path("chip_path", .optional)
        guard given.count == 1 else { return nil }
        if let label { return .label(label.value) }
        if let name { return .name(name.value) }
        if let path { return .path(path.value) }
        return nil
    }

    // MARK: [limits], [fluid_path], [reservoir]

    func decodeLimits(_ reader: ProfileTableReader?) -> FlowLimits? {
        guard let reader else { return nil }
        let maximum = reader.integer("max_rate_ml_per_hour", in: 1...1_000)
        let minimum = reader.integer("min_rate_ul_per_day", in: 0...1_000_000)
        if let maximum, let stepVolume, let maximumStepsPerSecond {
            let deliverable = stepVolume.value * maximumStepsPerSecond.value * 86_400  // ≤ 1e9 × 1e5 × 86 400 < Int64.max
            if VolumeRate.millilitresPerHour(maximum.value).picolitresPerDay > deliverable {
                report(.invalidValue, maximum.keyPath, at: maximum.location,
                       "\(maximum.value) mL/h is more than the motor can deliver: \(motorKeys.rate) × \(motorKeys.volume) = "
                           + "\(maximumStepsPerSecond.value) × \(stepVolume.value) pL/s = \(QuantityFormatter.flow(picolitresPerDay: deliverable))")
            }
        }
        if let maximum, let minimum, minimum.value > 0,
           VolumeRate.microlitresPerDay(minimum.value) >= VolumeRate.millilitresPerHour(maximum.value) {
            report(.invalidValue, minimum.keyPath, at: minimum.location,
                   "\(minimum.value) µL/day is not below max_rate_ml_per_hour (\(maximum.value) mL/h)")
        }
        guard let maximum, let minimum else { return nil }
        return FlowLimits(maximumRate: .millilitresPerHour(maximum.value), minimumRate: .microlitresPerDay(minimum.value))
    }

    func decodeFluidPath(_ reader: ProfileTableReader?, limits: FlowLimits?) -> FluidPathProfile? {
        guard let reader else { return nil }
        let deadVolume = reader.integer("dead_volume_nl", in: 0...10_000_000_000)
        let primingRate = reader.integer("priming_rate_ml_per_hour", in: 1...1_000)
        if let primingRate, let limits, VolumeRate.millilitresPerHour(primingRate.value) > limits.maximumRate {
            report(.invalidValue, primingRate.keyPath, at: primingRate.location,
                   "\(primingRate.value) mL/h is above limits.max_rate_ml_per_hour (\(limits.maximumRate))")
        }
        guard let deadVolume, let primingRate else { return nil }
        return FluidPathProfile(deadVolume: .nanolitres(deadVolume.value), primingRate: .millilitresPerHour(primingRate.value))
    }

    func decodeReservoir(_ reader: ProfileTableReader?) -> ReservoirProfile? {
        guard let reader else { return nil }
        let capacity = reader.integer("capacity_nl", in: 1...1_000_000_000)
        let empty = reader.integer("empty_threshold_nl", in: 0...1_000_000_000)
        let tolerance = reader.integer("refill_discrepancy_tolerance_nl", in: 0...1_000_000_000)
        if let capacity, let empty, empty.value >= capacity.value {
            report(.invalidValue, empty.keyPath, at: empty.location,
                   "\(empty.value) nL is not below capacity_nl (\(capacity.value) nL): the reservoir would always read empty")
        }
        guard let capacity, let empty, let tolerance, empty.value < capacity.value else { return nil }
        return ReservoirProfile(
            capacity: .nanolitres(capacity.value), emptyThreshold: .nanolitres(empty.value),
            refillDiscrepancyTolerance: .nanolitres(tolerance.value))
    }

    // MARK: [realtime], [access], [checkpoint]

    func decodeRealtime(_ reader: ProfileTableReader?, isGPIO: Bool?) -> RealtimeProfile? {
        guard let reader else { return nil }
        let priority = reader.integer("priority", in: 0...99)
        let lockMemory = reader.boolean("lock_memory")
        let cpu = reader.integer("cpu", .optional, in: 0...1_023)
        let stall = reader.integer("stall_threshold_ms", .optional, in: 1...3_600_000)
        if let priority, priority.value == 0, isGPIO == true {
            report(.invalidValue, priority.keyPath, at: priority.location,
                   "a gpio rig needs a real-time priority between 1 and 99, so steps are not delayed by other work")
        }
        guard let priority, let lockMemory, reader.contains("cpu") == (cpu != nil),
              reader.contains("stall_threshold_ms") == (stall != nil)
        else { return nil }
        return RealtimeProfile(
            priority: Int(priority.value), lockMemory: lockMemory.value, cpu: cpu.map { Int($0.value) },
            stallThreshold: stall.map { .milliseconds($0.value) } ?? RealtimeProfile.defaultStallThreshold)
    }

    func decodeAccess(_ reader: ProfileTableReader?) -> AccessProfile? {
        guard let reader else { return nil }
        let programmers = principals(reader, "programmers", .required)
        if let programmers, programmers.isEmpty, let entry = reader.table.entry(named: "programmers") {
            report(.invalidValue, reader.keyPath("programmers"), at: entry.value.location,
                   "at least one user or group must be allowed to program the pump")
        }
        let operators = principals(reader, "operators", .optional)
        let observers = principals(reader, "observers", .optional)
        let operatorsMayStop = reader.boolean("operators_may_stop", .optional)
        guard let programmers, !programmers.isEmpty,
              reader.contains("operators") == (operators != nil), reader.contains("observers") == (observers != nil),
              reader.contains("operators_may_stop") == (operatorsMayStop != nil)
        else { return nil }
        return AccessProfile(
            programmers: programmers, operators: operators ?? [], observers: observers ?? [], operatorsMayStop: operatorsMayStop?.value ?? false)
    }

    /// `[access]`'s optional connection keys; the defaults for those it leaves out.
    func decodeConnectionLimits(_ reader: ProfileTableReader?) -> ConnectionLimitsProfile? {
        guard let reader else { return nil }
        let defaults = ConnectionLimitsProfile.defaults
        let reserve = 0...ConnectionLimitsProfile.maximumReserve
        let programmers = reader.integer("reserved_connections_programmers", .optional, in: reserve)
        let operators = reader.integer("reserved_connections_operators", .optional, in: reserve)
        let idle = reader.integer("idle_timeout_s", .optional, in: 1...86_400)
        guard reader.contains("reserved_connections_programmers") == (programmers != nil),
              reader.contains("reserved_connections_operators") == (operators != nil),
              reader.contains("idle_timeout_s") == (idle != nil)
        else { return nil }
        return ConnectionLimitsProfile(
            reservedForProgrammers: programmers.map { Int($0.value) } ?? defaults.reservedForProgrammers,
            reservedForOperators: operators.map { Int($0.value) } ?? defaults.reservedForOperators,
            idleTimeoutSeconds: idle?.value ?? defaults.idleTimeoutSeconds)
    }

    /// `["user:alice", "group:pump-clinicians"]`, each name a valid POSIX user or group name.
    private func principals(_ reader: ProfileTableReader, _ key: String, _ presence: Presence) -> [AccessPrincipal]? {
        // The principals listed so far and their key paths, searched in order (a list names a few):
        // a dictionary cost the start its storage's metadata and string hashing.
        var seen: [AccessPrincipal] = []
        var seenAt: [String] = []
        return reader.array(key, presence) { value, keyPath -> AccessPrincipal? in
            guard let text = value.string else {
                report(.wrongType, keyPath, at: value.location, "expected a string \"user:NAME\" or \"group:NAME\", found \(value)")
                return nil
            }
            guard let principal = Self.principal(text) else {
                report(.invalidValue, keyPath, at: value.location,
                       "expected \"user:NAME\" or \"group:NAME\" with a valid user or group name, found \"\(text)\"")
                return nil
            }
            if let first = seen.firstIndex(of: principal) {
                report(.invalidValue, keyPath, at: value.location, "\(principal) is listed twice (also as \(seenAt[first]))")
                return nil
            }
            seen.append(principal)
            seenAt.append(keyPath)
            return principal
        }
    }

    static func principal(_ text: String) -> AccessPrincipal? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, NameSyntax.isAccountName(parts[1]) else { return nil }
        switch parts[0] {
        case "user": return .user(String(parts[1]))
        case "group": return .group(String(parts[1]))
        default: return nil
        }
    }

    func decodeCheckpoint(_ reader: ProfileTableReader?) -> CheckpointProfile? {
        guard let reader else { return nil }
        let steps = reader.integer("every_steps", in: 1...1_000_000)
        let seconds = reader.integer("every_seconds", in: 1...3_600)
        let writeTimeout = reader.integer("write_timeout_ms", .optional, in: 100...60_000)
        guard let steps, let seconds else { return nil }
        return CheckpointProfile(
            everySteps: steps.value, interval: .seconds(seconds.value),
            writeTimeout: writeTimeout.map { .milliseconds($0.value) } ?? CheckpointProfile.defaultWriteTimeout)
    }
}
