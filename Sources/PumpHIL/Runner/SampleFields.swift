/// The fields of a sample (``RecordedRun/samples``) an expectation may name, as dotted paths
/// (``RecordedRun/value(_:in:)``): io.pumpd.Pump's Status under `status` (less the noise the
/// runner drops) and io.pumpd.Rig's Truth under `truth`. The scenario decoder refuses any other
/// name at load, and the evaluator judges only these, so `check` passes exactly what `run` can judge.
public enum SampleFields {
    /// Whole numbers, for `sample` bounds: status volumes nL, doses ng, rates pL/day or ng/day,
    /// the battery mV; truth volumes nL, pressure Pa, counts of steps and pulses.
    public static let numbers: [String] = [
        "status.rate", "status.basalRate", "status.doseRate", "status.deliveredToday", "status.deliveredTodayVolume",
        "status.deliveredLastHour", "status.deliveredLastDay", "status.deliveredTotal", "status.missedTotal",
        "status.deliveredUnrecordedAtMost", "status.deliveredUnrecordedVolumeAtMost", "status.stepsMoved",
        "status.reservoir.fillVolume", "status.reservoir.remaining", "status.reservoir.drug.concentration",
        "status.battery.millivolts",
        "status.task.planned", "status.task.delivered", "status.task.dose", "status.task.doseDelivered", "status.task.remaining",
        "truth.reservoirVolume", "truth.deliveredAtTip", "truth.pressure", "truth.batteryMillivolts", "truth.motorSteps",
        "truth.encoderPulses", "truth.stepsWhileDisabled", "truth.lastStepAgo",
    ]

    /// Predicted times (RFC 3339), for `prediction`.
    public static let predictions: [String] = [
        "status.reservoir.lowReservoirAt", "status.reservoir.emptyAt", "status.battery.electiveReplacementAt",
    ]
}
