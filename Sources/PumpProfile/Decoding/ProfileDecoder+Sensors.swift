import PumpCore
import PumpHardware

extension ProfileDecoder {
    // MARK: [battery]

    func decodeBattery(_ reader: ProfileTableReader?, kind: RigKind?) -> BatteryProfile? {
        guard let reader else { return nil }
        let sourceField = reader.choice("source", as: BatterySourceKind.self)
        var source = sourceField?.value
        if let sourceField, let kind, (source == .simulated) != (kind == .simulated) {
            report(.invalidValue, sourceField.keyPath, at: sourceField.location, kind == .simulated
                ? "a simulated rig has only the simulated battery: use source = \"simulated\""
                : "a gpio rig must monitor its real battery: use source = \"power_supply\" or \"iio\"")
            source = nil  // which of the keys below belong is then unknown: do not pile up issues
        }
        let directory = reader.path(
            "power_supply_dir",
            .required(when: source.map { $0 == .powerSupply }, otherwise: "only source = \"power_supply\" reads a power-supply directory"))
        let channel = iioChannel(
            reader, "iio_channel", .required(when: source.map { $0 == .iio }, otherwise: "only source = \"iio\" reads an IIO channel"),
            quantity: .voltageMillivolts)
        let eri = reader.integer("eri_mv", in: 1...100_000)
        let eos = reader.integer("eos_mv", in: 1...100_000)
        let hysteresis = reader.integer("hysteresis_mv", .optional, in: 0...10_000)
        let poll = reader.integer("poll_interval_s", in: 1...86_400)
        let averageOf = reader.integer("average_of", in: 1...1_000)
        if let eri, let eos, eos.value >= eri.value {
            report(.invalidValue, eos.keyPath, at: eos.location,
                   "end of service (\(eos.value) mV) must be below the elective replacement indicator eri_mv (\(eri.value) mV)")
        }
        guard let source, let eri, let eos, eos.value < eri.value, let poll, let averageOf,
              reader.contains("hysteresis_mv") == (hysteresis != nil)
        else { return nil }
        let batterySource: BatterySource
        switch source {
        case .simulated: batterySource = .simulated
        case .powerSupply:
            guard let directory else { return nil }
            batterySource = .sysfs(AnalogChannelSpec(source: .powerSupply(directory: directory.value), quantity: .voltageMillivolts))
        case .iio:
            guard let channel else { return nil }
            batterySource = .sysfs(channel)
        }
        let thresholds = BatteryThresholds(
            electiveReplacementMillivolts: eri.value, endOfServiceMillivolts: eos.value, hysteresisMillivolts: hysteresis?.value ?? 50)
        return BatteryProfile(source: batterySource, thresholds: thresholds, pollInterval: .seconds(poll.value), averageOf: averageOf.value)
    }

    /// `{ device_dir = "/sys/bus/iio/devices/iio:device0", channel = "pressure" }`: reads
    /// `in_pressure_raw`, and `in_pressure_scale` / `in_pressure_offset` when present.
    func iioChannel(_ reader: ProfileTableReader, _ key: String, _ presence: Presence, quantity: AnalogQuantity) -> AnalogChannelSpec? {
        guard let entry = reader.entry(key, presence) else { return nil }
        guard case .table(let table) = entry.value.kind else {
            report(.wrongType, reader.keyPath(key), at: entry.value.location,
                   "expected a channel table such as { device_dir = \"/sys/bus/iio/devices/iio:device0\", channel = \"voltage0\" }, "
                       + "found \(entry.value)")
            return nil
        }
        let channelReader = self.reader(path: reader.keyPath(key), table: table)
        let directory = channelReader.path("device_dir")
        var channel = channelReader.string("channel")
        if let name = channel?.value, let field = channel {
            if name.hasPrefix("in_") || name.hasSuffix("_raw") || name.contains("/") {
                var bare = Substring(name)
                if bare.hasPrefix("in_") { bare = bare.dropFirst(3) }
                if bare.hasSuffix("_raw") { bare = bare.dropLast(4) }
                report(.invalidValue, field.keyPath, at: field.location,
                       "name the channel without the in_ prefix and _raw suffix (e.g. \"\(bare)\"): pumpd reads in_<channel>_raw, _scale and _offset")
                channel = nil
            } else if !NameSyntax.isChannelName(name) {
                report(.invalidValue, field.keyPath, at: field.location, "\"\(name)\" is not an IIO channel name such as \"voltage0\"")
                channel = nil
            }
        }
        guard let directory, let channel else { return nil }
        let base = directory.value.hasSuffix("/") ? String(directory.value.dropLast()) : directory.value
        return AnalogChannelSpec(source: .iio(directory: base, channel: channel.value), quantity: quantity)
    }

    // MARK: [sensors.occlusion], [sensors.reservoir_switch]

    func decodeOcclusion(_ reader: ProfileTableReader?, isGPIO: Bool?) -> OcclusionSensorProfile? {
        guard let reader else { return nil }
        let simulatedReason = "a simulated rig models line pressure; it has no switch or channel"
        let switchLine = line(reader, "switch_line", .allowed(when: isGPIO, otherwise: simulatedReason), .input)
        let hasSwitch = reader.contains("switch_line")
        let debounce = reader.integer(
            "switch_debounce_us", .allowed(when: hasSwitch && isGPIO != false, otherwise: "only a switch_line is debounced"),
            in: 0...1_000_000)
        let pressure = iioChannel(
            reader, "pressure_channel", .allowed(when: isGPIO, otherwise: simulatedReason), quantity: .pressurePascals)
        let hasPressure = reader.contains("pressure_channel")
        if isGPIO == true, !hasSwitch, !hasPressure {
            report(.missingKey, reader.path, at: reader.location,
                   "a gpio rig needs an occlusion sensor: set switch_line, pressure_channel or both")
        }
        let thresholdPresence: Presence = isGPIO == false || hasPressure ? .required
            : isGPIO == true ? .forbidden("only a pressure_channel is compared with a threshold; a switch has its own") : .optional
        let threshold = reader.integer("threshold_pa", thresholdPresence, in: 1...10_000_000)
        let confirmSamples = reader.integer("confirm_samples", in: 1...1_000)
        let poll = reader.integer("poll_interval_ms", in: 1...60_000)
        let relief = reader.integer("relief_volume_nl", in: 0...1_000_000_000)
        let bolusLimit = reader.integer("post_occlusion_bolus_limit_nl", in: 0...1_000_000_000)
        // A frozen pressure channel would silently disable occlusion detection by pressure, so a
        // hardware rig that has one must say when its readings count as stuck (0 opts out, visibly).
        let stuck = reader.integer("stuck_after_samples", isGPIO == true && hasPressure ? .required : .optional, in: 0...100_000)
        var reliefValid = true
        if let relief, let bolusLimit, relief.value > bolusLimit.value {
            report(.invalidValue, relief.keyPath, at: relief.location,
                   "\(relief.value) nL exceeds post_occlusion_bolus_limit_nl (\(bolusLimit.value) nL): relief must stay bounded")
            reliefValid = false
        }
        if let relief, relief.value > 0 {
            if motorIsReversible == false {
                report(.invalidValue, relief.keyPath, at: relief.location,
                       "the motor has no direction_line, so it cannot reverse to relieve pressure: add one or set 0")
                reliefValid = false
            } else if let stepVolume, relief.value * 1_000 < stepVolume.value {
                let unit = motorKeys.volume == "step_volume_pl" ? "step" : "pulse"
                report(.invalidValue, relief.keyPath, at: relief.location,
                       "\(relief.value) nL is less than one \(unit) (\(stepVolume.value) pL): no relief would happen")
                reliefValid = false
            }
        }
        let lineTest = decodeLineTest(
            reader, bolusLimit: bolusLimit, threshold: threshold, confirmSamples: confirmSamples,
            relief: reliefValid ? relief : nil, switchOnly: isGPIO == true && hasSwitch && !hasPressure)
        let inputsValid = isGPIO != true
            || ((!hasSwitch || switchLine != nil) && (!hasPressure || pressure != nil) && reader.contains("switch_debounce_us") == (debounce != nil))
        guard let confirmSamples, let poll, let relief, let bolusLimit, let lineTest, reliefValid, inputsValid,
              !thresholdPresence.isRequired || threshold != nil, reader.contains("stuck_after_samples") == (stuck != nil)
        else { return nil }
        return OcclusionSensorProfile(
            pressureSwitch: switchLine.map { SwitchInput(line: $0, debounce: .nanoseconds((debounce?.value ?? 0) * 1_000)) },
            pressure: pressure, thresholdPascals: threshold?.value, confirmSamples: confirmSamples.value,
            pollInterval: .milliseconds(poll.value), reliefVolume: .nanolitres(relief.value),
            postOcclusionBolusLimit: .nanolitres(bolusLimit.value), stuckAfterSamples: stuck?.value, lineTest: lineTest)
    }

    /// The `line_test_*` keys of `[sensors.occlusion]` (all optional): the volume (at most
    /// `post_occlusion_bolus_limit_nl`, at least one step), the rate, the clear samples that pass
    /// and the pressure that fails it (at most `threshold_pa`), and the pressure rise that fails it
    /// (`line_test_rise_pa`, default half the test's threshold). On a rig whose only occlusion
    /// sensor is a switch, the test must push more than `relief_volume_nl` (in whole steps): the
    /// switch trips at a fixed pressure, relief drains a rigid blocked line by its volume, so a test
    /// that pushes no more could never trip it again and would pass a blocked line. Nil after
    /// reporting an issue.
    func decodeLineTest(
        _ reader: ProfileTableReader, bolusLimit: Field<Int64>?, threshold: Field<Int64>?, confirmSamples: Field<Int64>?,
        relief: Field<Int64>?, switchOnly: Bool
    ) -> LineTestPlan? {
        let volume = reader.integer("line_test_volume_nl", .optional, in: 1...1_000_000_000)
        let rate = reader.integer("line_test_rate_ul_per_hour", .optional, in: 1...1_000_000)
        let clear = reader.integer("line_test_clear_samples", .optional, in: 1...1_000)
        let pressure = reader.integer("line_test_threshold_pa", .optional, in: 1...10_000_000)
        let rise = reader.integer(
            "line_test_rise_pa", switchOnly ? .forbidden("only a pressure_channel shows a rise; a switch is on or off") : .optional,
            in: 1...10_000_000)
        var valid = reader.contains("line_test_rise_pa") == (rise != nil) && reader.contains("line_test_volume_nl") == (volume != nil) && reader.contains("line_test_rate_ul_per_hour") == (rate != nil)
            && reader.contains("line_test_clear_samples") == (clear != nil) && reader.contains("line_test_threshold_pa") == (pressure != nil)
        guard let bolusLimit else { return nil }
        let chosen = volume?.value ?? bolusLimit.value
        if let volume, volume.value > bolusLimit.value {
            report(.invalidValue, volume.keyPath, at: volume.location,
                   "\(volume.value) nL exceeds post_occlusion_bolus_limit_nl (\(bolusLimit.value) nL): a line test never pushes more")
            valid = false
        } else if let stepVolume, chosen * 1_000 < stepVolume.value {
            let at = volume ?? bolusLimit
            report(.invalidValue, at.keyPath, at: at.location,
                   "\(chosen) nL is less than one step (\(stepVolume.value) pL): a line test could push nothing, so no resume after an occlusion")
            valid = false
        } else if switchOnly, let relief, let stepVolume, stepVolume.value > 0 {
            let testSteps = min(chosen, bolusLimit.value) * 1_000 / stepVolume.value
            let reliefSteps = relief.value * 1_000 / stepVolume.value
            if testSteps <= reliefSteps {
                let at = volume ?? bolusLimit
                report(.invalidValue, at.keyPath, at: at.location,
                       "\(chosen) nL (\(testSteps) steps) does not exceed relief_volume_nl (\(relief.value) nL, \(reliefSteps) steps): "
                           + "with only a switch, a test that pushes no more than relief drained cannot trip it on a blocked line; push at least \(reliefSteps + 1) steps")
                valid = false
            }
        }
        if let pressure, let threshold, pressure.value > threshold.value {
            report(.invalidValue, pressure.keyPath, at: pressure.location,
                   "\(pressure.value) Pa is above threshold_pa (\(threshold.value) Pa): a line test must not tolerate more than delivery does")
            valid = false
        }
        guard valid else { return nil }
        return LineTestPlan(
            volume: .nanolitres(chosen), rate: .microlitresPerHour(rate?.value ?? 100),
            clearSamples: Int(clear?.value ?? confirmSamples?.value ?? 3), bolusLimit: .nanolitres(bolusLimit.value),
            thresholdPascals: pressure?.value ?? threshold?.value, risePascals: rise?.value)
    }

    func decodeReservoirSwitch(_ reader: ProfileTableReader?) -> SwitchInput? {
        guard let reader else { return nil }
        let line = line(reader, "line", .required, .input)
        let debounce = reader.integer("debounce_us", .optional, in: 0...1_000_000)
        guard let line, reader.contains("debounce_us") == (debounce != nil) else { return nil }
        return SwitchInput(line: line, debounce: .nanoseconds((debounce?.value ?? 0) * 1_000))
    }
}
