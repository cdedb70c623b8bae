public import PumpCore

/// Alarm outputs on GPIO lines: buzzer, red and yellow lamp as outputs (requested inactive, so
/// nothing sounds or lights at start-up), and the buzzer's sense as an input read without events.
///
/// Callers: the control loop thread only. `drive` writes only the lines whose level changed.
public final class GPIOAlarmOutputs: AlarmOutputs {
    public let source: String
    public let hasBuzzer: Bool
    public let hasRedLamp: Bool
    public let hasYellowLamp: Bool
    public var hasBuzzerSense: Bool { sense != nil }
    /// How long the sense line takes to follow the buzzer, in nanoseconds.
    public let senseSettleNanoseconds: Int64

    private let outputs: GPIOLineRequest?
    private let sense: GPIOLineRequest?
    /// Index into `outputs` of the buzzer, red and yellow lines (nil: absent).
    private let buzzerIndex: Int?
    private let redIndex: Int?
    private let yellowIndex: Int?
    private var driven = AnnunciatorLevels.off

    /// Requests the lines given; any may be nil.
    ///
    /// - Throws: `.lineNotFound`, `.gpio` when a line is missing or the request fails.
    public init(
        chip: GPIOChip, buzzer: GPIOLineSpec?, redLamp: GPIOLineSpec?, yellowLamp: GPIOLineSpec?, buzzerSense: GPIOLineSpec?,
        senseSettleNanoseconds: Int64 = 20_000_000
    ) throws(HardwareError) {
        var lines: [(line: GPIOResolvedLine, initialActive: Bool)] = []
        var names: [String] = []
        func add(_ spec: GPIOLineSpec?, role: String) throws(HardwareError) -> Int? {
            guard let spec else { return nil }
            lines.append((try chip.resolve(spec, role: role), false))
            names.append("\(spec.selector)")
            return lines.count - 1
        }
        buzzerIndex = try add(buzzer, role: "buzzer")
        redIndex = try add(redLamp, role: "red LED")
        yellowIndex = try add(yellowLamp, role: "yellow LED")
        outputs = lines.isEmpty ? nil : try GPIOLineRequest(chip: chip, outputs: lines)
        if let buzzerSense {
            sense = try GPIOLineRequest(chip: chip, inputs: [try chip.resolve(buzzerSense, role: "buzzer sense")], edgeEvents: false, debounceMicroseconds: 0)
            names.append("\(buzzerSense.selector) (sense)")
        } else {
            sense = nil
        }
        hasBuzzer = buzzer != nil
        hasRedLamp = redLamp != nil
        hasYellowLamp = yellowLamp != nil
        self.senseSettleNanoseconds = senseSettleNanoseconds
        source = "\(chip.name) lines \(names.joined(separator: ", "))"
    }

    public func drive(_ levels: AnnunciatorLevels) throws(HardwareError) {
        guard let outputs else { return }
        if let index = buzzerIndex, levels.buzzer != driven.buzzer { try outputs.set(index, active: levels.buzzer); driven.buzzer = levels.buzzer }
        if let index = redIndex, levels.red != driven.red { try outputs.set(index, active: levels.red); driven.red = levels.red }
        if let index = yellowIndex, levels.yellow != driven.yellow { try outputs.set(index, active: levels.yellow); driven.yellow = levels.yellow }
    }

    public func buzzerSensed() throws(HardwareError) -> Bool? {
        guard let sense else { return nil }
        return try sense.isActive(0)
    }

    public func settleSense() { GPIOClock.sleep(until: GPIOClock.now() + senseSettleNanoseconds) }

    public func hold(nanoseconds: Int64) { GPIOClock.sleep(until: GPIOClock.now() + nanoseconds) }
}
