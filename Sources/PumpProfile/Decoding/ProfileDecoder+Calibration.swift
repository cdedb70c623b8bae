import PumpCore

extension ProfileDecoder {
    // MARK: [calibration]

    /// `[calibration]` (optional): `max_steps` one calibration run may drive, the run's default
    /// `rate_ul_per_hour` and its highest `max_rate_ul_per_hour` (default: the default rate), never
    /// above `[limits] max_rate_ml_per_hour`. Absent: `CalibrationRunBounds.standard` within the
    /// rig's limits. `min_steps` (optional, at most `max_steps`): the fewest steps a run may drive;
    /// absent, enough steps for 100 µL (`CalibrationRunBounds.defaultMinimumVolume`). Nil after
    /// reporting an issue.
    func decodeCalibration(_ reader: ProfileTableReader?, limits: FlowLimits?) -> CalibrationRunBounds? {
        guard let reader else {
            var bounds = CalibrationRunBounds.standard
            if let limits { bounds.maximumRate = min(bounds.maximumRate, limits.maximumRate) }
            bounds.defaultRate = min(bounds.defaultRate, bounds.maximumRate)
            return bounds
        }
        let steps = reader.integer("max_steps", in: 1...1_000_000)
        let rate = reader.integer("rate_ul_per_hour", in: 1...1_000_000)
        let maximum = reader.integer("max_rate_ul_per_hour", .optional, in: 1...1_000_000)
        let minimumSteps = reader.integer("min_steps", .optional, in: 1...1_000_000)
        guard let steps, let rate, reader.contains("max_rate_ul_per_hour") == (maximum != nil),
              reader.contains("min_steps") == (minimumSteps != nil) else { return nil }
        if let minimumSteps, minimumSteps.value > steps.value {
            report(.invalidValue, minimumSteps.keyPath, at: minimumSteps.location,
                   "\(minimumSteps.value) is above max_steps (\(steps.value)): no run could be made")
            return nil
        }
        let ceiling = maximum ?? rate
        if ceiling.value < rate.value {
            report(.invalidValue, ceiling.keyPath, at: ceiling.location,
                   "\(ceiling.value) µL/h is below rate_ul_per_hour (\(rate.value) µL/h)")
            return nil
        }
        if let limits, VolumeRate.microlitresPerHour(ceiling.value) > limits.maximumRate {
            report(.invalidValue, ceiling.keyPath, at: ceiling.location,
                   "\(ceiling.value) µL/h is above limits.max_rate_ml_per_hour (\(limits.maximumRate))")
            return nil
        }
        return CalibrationRunBounds(
            maximumSteps: steps.value, defaultRate: .microlitresPerHour(rate.value), maximumRate: .microlitresPerHour(ceiling.value),
            minimumSteps: minimumSteps?.value)
    }
}
