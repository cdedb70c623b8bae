import PumpCore
import PumpHardware

/// `[motor]`'s motion-verification keys and `[motor.stall_retry]` (issue 14, motion).
extension ProfileDecoder {
    static let motionKeys = [
        "encoder_pulses_per_rev", "steps_per_rev", "stall_line", "simulated_encoder", "simulated_stall_output",
        "motion_tolerance_steps", "coast_pulses", "coast_window_ms", "stall_retry",
    ]

    /// Reads the motion keys of a stepper (`stepper`) or peristaltic motor. A GPIO stepper's
    /// encoder is `encoder_line` (read here); a GPIO peristaltic pump always has one (its driver's).
    func decodeMotion(_ reader: ProfileTableReader, stepper: Bool, isGPIO: Bool?) -> MotionProfile? {
        let simulatedOnly = Presence.allowed(when: isGPIO.map { !$0 }, otherwise: "a GPIO rig names its lines (encoder_line, stall_line)")
        let simulatedEncoder = reader.boolean("simulated_encoder", simulatedOnly)
        let simulatedStall = reader.boolean(
            "simulated_stall_output", stepper ? simulatedOnly : .forbidden("a DC peristaltic pump has no stall output (DIAG)"))
        var encoderLine: GPIOLineSpec?
        var debounce: Field<Int64>?
        var stallLine: GPIOLineSpec?
        let lineOnGPIO = Presence.allowed(when: isGPIO, otherwise: Self.noLinesOnSimulatedRig)
        if stepper {
            encoderLine = line(reader, "encoder_line", lineOnGPIO, .input)
            debounce = reader.integer(
                "encoder_debounce_us", reader.contains("encoder_line") ? .optional : .forbidden("only an encoder_line is debounced"),
                in: 0...1_000_000)
            stallLine = line(reader, "stall_line", lineOnGPIO, .input)
        } else {
            _ = reader.entry("stall_line", .forbidden("a DC peristaltic pump has no stall output (DIAG): its encoder's stall_timeout_ms is the stall check"))
        }
        let hasEncoder: Bool? = switch isGPIO {
        case true?: stepper ? reader.contains("encoder_line") : true
        case false?: reader.contains("simulated_encoder") ? simulatedEncoder?.value : false
        case nil: nil
        }
        let hasStall: Bool = isGPIO == true ? reader.contains("stall_line") : (simulatedStall?.value ?? false)

        // The ratio: only a GPIO stepper's encoder has one of its own.
        let ratioPresence: Presence = stepper && isGPIO == true && hasEncoder == true
            ? .required
            : .forbidden(stepper ? "only a stepper's encoder_line has its own pulses per revolution" : "one encoder pulse is one metered unit")
        let pulsesPerRevolution = reader.integer("encoder_pulses_per_rev", ratioPresence, in: 1...1_000_000)
        let stepsPerRevolution = reader.integer("steps_per_rev", ratioPresence, in: 1...1_000_000)

        let noEncoder = "needs an encoder (encoder_line, or simulated_encoder = true)"
        let tolerance = reader.integer(
            "motion_tolerance_steps",
            isGPIO == true && !stepper
                ? .forbidden("a DC peristaltic pump checks each unit by its stall_timeout_ms")
                : .allowed(when: hasEncoder, otherwise: noEncoder),
            in: 0...10_000)
        let coastPulses = reader.integer("coast_pulses", .allowed(when: hasEncoder, otherwise: noEncoder), in: 0...100_000)
        let coastWindow = reader.integer("coast_window_ms", .allowed(when: hasEncoder, otherwise: noEncoder), in: 0...600_000)
        if let tolerance, let pulsesPerRevolution, let stepsPerRevolution {
            let stepsPerPulse = (stepsPerRevolution.value + pulsesPerRevolution.value - 1) / pulsesPerRevolution.value
            if tolerance.value < stepsPerPulse {
                report(.invalidValue, tolerance.keyPath, at: tolerance.location,
                       "\(tolerance.value) steps is finer than the encoder resolves: one pulse is up to \(stepsPerPulse) steps "
                           + "(steps_per_rev \(stepsPerRevolution.value) / encoder_pulses_per_rev \(pulsesPerRevolution.value))")
            }
        }
        let retry = decodeStallRetry(reader.table("stall_retry", .optional))

        let valid = [
            ("simulated_encoder", simulatedEncoder != nil), ("simulated_stall_output", simulatedStall != nil),
            ("encoder_debounce_us", debounce != nil || !stepper), ("motion_tolerance_steps", tolerance != nil),
            ("coast_pulses", coastPulses != nil), ("coast_window_ms", coastWindow != nil),
            ("encoder_pulses_per_rev", pulsesPerRevolution != nil), ("steps_per_rev", stepsPerRevolution != nil),
        ].allSatisfy { key, read in !reader.contains(key) || read }
            && (!reader.contains("stall_retry") || retry != nil)
            && (isGPIO != true || !stepper || ((!reader.contains("encoder_line") || encoderLine != nil) && (!reader.contains("stall_line") || stallLine != nil)))
        guard valid, let hasEncoder else { return nil }
        if hasEncoder, stepper, isGPIO == true, pulsesPerRevolution == nil || stepsPerRevolution == nil { return nil }
        return MotionProfile(
            hasEncoder: hasEncoder, hasStallOutput: hasStall, encoderLine: encoderLine,
            encoderDebounce: .nanoseconds((debounce?.value ?? 0) * 1_000), stallLine: stallLine,
            pulsesPerRevolution: pulsesPerRevolution?.value ?? 1, stepsPerRevolution: stepsPerRevolution?.value ?? 1,
            toleranceSteps: tolerance?.value ?? Self.defaultToleranceSteps,
            coastPulses: coastPulses?.value ?? (stepper ? Self.pulsesOfOneStep(pulsesPerRevolution?.value ?? 1, stepsPerRevolution?.value ?? 1)
                : Self.defaultPeristalticCoastPulses),
            coastWindow: .milliseconds(coastWindow?.value ?? Self.defaultCoastWindowMilliseconds),
            retries: retry?.retries ?? 0, retrySpacing: retry?.spacing ?? .zero, reverseBeforeRetry: retry?.reverse ?? false)
    }

    static let defaultToleranceSteps: Int64 = 2

    /// A stepper's default coast: the pulses of one step, rounded up, so the last step's pulse
    /// arriving just after the motor was disabled (an encoder's latency) is not free flow.
    static func pulsesOfOneStep(_ pulsesPerRevolution: Int64, _ stepsPerRevolution: Int64) -> Int64 {
        (pulsesPerRevolution + stepsPerRevolution - 1) / stepsPerRevolution
    }
    static let defaultPeristalticCoastPulses: Int64 = 2
    static let defaultCoastWindowMilliseconds: Int64 = 1_000

    /// `[motor.stall_retry]`: retries 0…5, spacing_ms, reverse_before_retry (a motor that cannot
    /// run backwards cannot back off).
    private func decodeStallRetry(_ reader: ProfileTableReader?) -> (retries: Int, spacing: TimeSpan, reverse: Bool)? {
        guard let reader else { return nil }
        let retries = reader.integer("retries", in: 0...5)
        let spacing = reader.integer("spacing_ms", in: 0...600_000)
        let reverse = reader.boolean("reverse_before_retry", .optional)
        if let reverse, reverse.value, motorIsReversible == false {
            report(.invalidValue, reverse.keyPath, at: reverse.location,
                   "this motor cannot run backwards (a peristaltic pump needs a direction_line)")
            return nil
        }
        guard let retries, let spacing, reader.contains("reverse_before_retry") == (reverse != nil) else { return nil }
        return (Int(retries.value), .milliseconds(spacing.value), reverse?.value ?? false)
    }
}
