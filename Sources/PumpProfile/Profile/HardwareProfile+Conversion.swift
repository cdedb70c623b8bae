public import PumpCore

extension HardwareProfile {
    /// What the therapy core needs: calibration, fluid path and hard limits.
    public var rigConfiguration: RigConfiguration {
        RigConfiguration(
            stepVolume: motor.stepVolume,
            maximumRate: limits.maximumRate,
            maximumStepsPerSecond: motor.maximumStepsPerSecond,
            minimumRate: limits.minimumRate,
            deadVolume: fluidPath.deadVolume,
            primingRate: fluidPath.primingRate,
            reservoirCapacity: reservoir.capacity,
            emptyThreshold: reservoir.emptyThreshold,
            refillDiscrepancyTolerance: reservoir.refillDiscrepancyTolerance,
            lineTest: occlusion.lineTest, calibrationRun: calibration)
    }

    public var batteryThresholds: BatteryThresholds { battery.thresholds }
}
