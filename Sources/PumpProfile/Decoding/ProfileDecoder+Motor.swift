import PumpCore

extension ProfileDecoder {
    static let stepperKeys = [
        "step_volume_pl", "max_steps_per_second", "step_pulse_width_ns", "min_step_interval_ns", "driver_min_pulse_ns",
        "direction_setup_ns", "enable_setup_ns", "idle_unpowered", "idle_hold_ns", "step_line", "direction_line",
        "enable_line", "fault_line", "microstep_lines",
    ]
    static let peristalticKeys = [
        "pulse_volume_pl", "max_pulses_per_second", "stall_timeout_ms", "encoder_debounce_us", "enable_line",
        "encoder_line", "direction_line", "fault_line",
    ]

    func decodeMotor(_ reader: ProfileTableReader?, isGPIO: Bool?) -> MotorProfile? {
        guard let reader else { return nil }
        switch reader.choice("type", as: MotorType.self)?.value {
        case .stepper?: return decodeStepper(reader, isGPIO: isGPIO)
        case .peristaltic?: return decodePeristaltic(reader, isGPIO: isGPIO)
        case nil:
            reader.skip(Self.stepperKeys + Self.peristalticKeys + Self.motionKeys)  // meaning unknown without a valid type
            return nil
        }
    }

    private func decodeStepper(_ reader: ProfileTableReader, isGPIO: Bool?) -> MotorProfile? {
        let requiredLine = Presence.required(when: isGPIO, otherwise: Self.noLinesOnSimulatedRig)
        let optionalLine = Presence.allowed(when: isGPIO, otherwise: Self.noLinesOnSimulatedRig)
        stepVolume = reader.integer("step_volume_pl", in: 1...1_000_000_000)
        maximumStepsPerSecond = reader.integer("max_steps_per_second", in: 1...100_000)
        misnamed(reader, "pulse_volume_pl", for: "step_volume_pl", "a stepper motor takes step_volume_pl (volume per STEP pulse)")
        misnamed(reader, "max_pulses_per_second", for: "max_steps_per_second", "a stepper motor takes max_steps_per_second")
        motorIsReversible = true
        let pulseWidth = reader.integer("step_pulse_width_ns", in: 1...1_000_000_000)
        let interval = reader.integer("min_step_interval_ns", in: 1...60_000_000_000)
        let driverMinimum = reader.integer("driver_min_pulse_ns", .optional, in: 1...1_000_000_000)
        let directionSetup = reader.integer("direction_setup_ns", .optional, in: 0...1_000_000_000)
        let enableSetup = reader.integer("enable_setup_ns", .optional, in: 0...1_000_000_000)
        let idleUnpowered = reader.boolean("idle_unpowered")
        let idleHold = reader.integer(
            "idle_hold_ns", .allowed(when: idleUnpowered?.value, otherwise: "only an idle_unpowered motor releases its coils after a step"),
            in: 0...1_000_000_000)
        _ = reader.entry(
            "stall_timeout_ms",
            .forbidden("a stepper is metered by its STEP pulses; its encoder (encoder_line) is checked by motion_tolerance_steps"))

        let step = line(reader, "step_line", requiredLine, .output)
        let direction = line(reader, "direction_line", requiredLine, .output)
        let enable = line(reader, "enable_line", requiredLine, .output)
        let fault = line(reader, "fault_line", optionalLine, .input)
        let microstep = microstepLines(reader, optionalLine)
        let motion = decodeMotion(reader, stepper: true, isGPIO: isGPIO)

        checkStepTiming(pulseWidth: pulseWidth, interval: interval, driverMinimum: driverMinimum)

        let optionalsValid = ["driver_min_pulse_ns", "direction_setup_ns", "enable_setup_ns", "idle_hold_ns"].elementsEqual(
            [driverMinimum, directionSetup, enableSetup, idleHold].map { $0 != nil }) { reader.contains($0) == $1 }
            && (!reader.contains("fault_line") || fault != nil || isGPIO != true)
            && (!reader.contains("microstep_lines") || microstep != nil || isGPIO != true)
        guard let stepVolume, let maximumStepsPerSecond, let pulseWidth, let interval, let idleUnpowered, optionalsValid, let motion
        else { return nil }
        var lines: StepperLines?
        if isGPIO == true {
            guard let step, let direction, let enable else { return nil }
            lines = StepperLines(step: step, direction: direction, enable: enable, fault: fault, microstep: microstep ?? [])
        }
        let drive = StepperDrive(
            stepPulseWidth: .nanoseconds(pulseWidth.value), minimumStepInterval: .nanoseconds(interval.value),
            driverMinimumPulse: driverMinimum.map { .nanoseconds($0.value) },
            directionSetup: .nanoseconds(directionSetup?.value ?? 0), enableSetup: .nanoseconds(enableSetup?.value ?? 0),
            idleUnpowered: idleUnpowered.value, idleHold: .nanoseconds(idleHold?.value ?? 0), lines: lines)
        return MotorProfile(
            stepVolume: .picolitres(stepVolume.value), maximumStepsPerSecond: maximumStepsPerSecond.value, drive: .stepper(drive),
            motion: motion)
    }

    /// STEP must be high for the pulse width, then low long enough before the next step; both at
    /// least the driver's minimum; and the interval must allow the maximum step rate.
    private func checkStepTiming(pulseWidth: Field<Int64>?, interval: Field<Int64>?, driverMinimum: Field<Int64>?) {
        if let pulseWidth, let interval, interval.value <= pulseWidth.value {
            report(.invalidValue, interval.keyPath, at: interval.location,
                   "\(interval.value) ns is not longer than step_pulse_width_ns (\(pulseWidth.value) ns): "
                       + "STEP would never return low between steps")
        }
        if let driverMinimum, let pulseWidth, pulseWidth.value < driverMinimum.value {
            report(.invalidValue, pulseWidth.keyPath, at: pulseWidth.location,
                   "\(pulseWidth.value) ns is shorter than the driver's minimum STEP pulse (driver_min_pulse_ns = \(driverMinimum.value) ns)")
        }
        if let driverMinimum, let pulseWidth, let interval, interval.value > pulseWidth.value,
           interval.value - pulseWidth.value < driverMinimum.value {
            report(.invalidValue, interval.keyPath, at: interval.location,
                   "leaves STEP low for only \(interval.value - pulseWidth.value) ns, less than driver_min_pulse_ns (\(driverMinimum.value) ns)")
        }
        if let interval, let maximumStepsPerSecond, interval.value * maximumStepsPerSecond.value > 1_000_000_000 {
            report(.invalidValue, maximumStepsPerSecond.keyPath, at: maximumStepsPerSecond.location,
                   "\(maximumStepsPerSecond.value) steps/s needs a step every \(1_000_000_000 / maximumStepsPerSecond.value) ns, "
                       + "but min_step_interval_ns is \(interval.value) ns")
        }
    }

    private func decodePeristaltic(_ reader: ProfileTableReader, isGPIO: Bool?) -> MotorProfile? {
        let requiredLine = Presence.required(when: isGPIO, otherwise: Self.noLinesOnSimulatedRig)
        let optionalLine = Presence.allowed(when: isGPIO, otherwise: Self.noLinesOnSimulatedRig)
        let notStepper = "a peristaltic pump has no STEP input"
        for key in [
            "step_pulse_width_ns", "min_step_interval_ns", "driver_min_pulse_ns", "direction_setup_ns", "enable_setup_ns",
            "idle_hold_ns", "step_line", "microstep_lines",
        ] {
            _ = reader.entry(key, .forbidden(notStepper))
        }
        _ = reader.entry("idle_unpowered", .forbidden("a DC motor is always unpowered between pulses"))

        motorKeys = (volume: "pulse_volume_pl", rate: "max_pulses_per_second")
        stepVolume = reader.integer("pulse_volume_pl", in: 1...1_000_000_000)
        maximumStepsPerSecond = reader.integer("max_pulses_per_second", in: 1...100_000)
        misnamed(reader, "step_volume_pl", for: "pulse_volume_pl", "a peristaltic pump takes pulse_volume_pl (volume per encoder pulse)")
        misnamed(reader, "max_steps_per_second", for: "max_pulses_per_second", "a peristaltic pump takes max_pulses_per_second")
        let stallTimeout = reader.integer("stall_timeout_ms", in: 1...600_000)
        let debounce = reader.integer("encoder_debounce_us", .optional, in: 0...1_000_000)
        let enable = line(reader, "enable_line", requiredLine, .output)
        let encoder = line(reader, "encoder_line", requiredLine, .input)
        let direction = line(reader, "direction_line", optionalLine, .output)
        let fault = line(reader, "fault_line", optionalLine, .input)
        motorIsReversible = isGPIO == false || reader.contains("direction_line")
        let motion = decodeMotion(reader, stepper: false, isGPIO: isGPIO)

        guard let stepVolume, let maximumStepsPerSecond, let stallTimeout, reader.contains("encoder_debounce_us") == (debounce != nil),
              !reader.contains("direction_line") || direction != nil || isGPIO != true,
              !reader.contains("fault_line") || fault != nil || isGPIO != true, let motion
        else { return nil }
        var lines: PeristalticLines?
        if isGPIO == true {
            guard let enable, let encoder else { return nil }
            lines = PeristalticLines(enable: enable, encoder: encoder, direction: direction, fault: fault)
        }
        let drive = PeristalticDrive(
            stallTimeout: .milliseconds(stallTimeout.value), encoderDebounce: .nanoseconds((debounce?.value ?? 0) * 1_000), lines: lines)
        return MotorProfile(
            stepVolume: .picolitres(stepVolume.value), maximumStepsPerSecond: maximumStepsPerSecond.value, drive: .peristaltic(drive),
            motion: motion)
    }

    /// A key of the other motor type written where `expected` belongs: reported once, as
    /// misnamed, rather than also as `expected` missing.
    private func misnamed(_ reader: ProfileTableReader, _ written: String, for expected: String, _ reason: String) {
        if reader.contains(written) { withdrawMissing(reader.keyPath(expected)) }
        _ = reader.entry(written, .forbidden(reason))
    }
}
