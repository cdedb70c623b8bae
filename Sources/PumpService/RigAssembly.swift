public import PumpControl
import PumpCore
public import PumpHardware
public import PumpProfile
public import PumpSimulation

/// Turns a validated rig profile into the hardware the control loop drives, the loop's settings
/// and the clock: a simulated rig (optionally on accelerated time) or GPIO and sysfs devices.
public struct RigAssembly {
    public let io: RigIO
    public let settings: ControlSettings
    public let clock: any ClockSource
    /// The simulated rig behind `io`, when the profile is simulated (its fault switches and truth).
    public let simulated: SimulatedRig?

    /// `rigFile`: where a simulated rig keeps its physical state across restarts
    /// (`simulatedRigFile(runtimeDirectory:stateDirectory:)`, see `SimulatedRigStore`); nil keeps
    /// it in memory only.
    public init(profile: HardwareProfile, timeScale: Int64, virtualClock: VirtualClock? = nil, rigFile: String? = nil) throws(HardwareError) {
        settings = Self.settings(for: profile, timeScale: timeScale)
        switch profile.kind {
        case .simulated:
            let configuration = SimulatedRigConfiguration(
                stepVolume: profile.motor.stepVolume, reservoirFill: profile.reservoir.capacity,
                catheterDeadVolume: profile.fluidPath.deadVolume, initialCatheterFill: profile.fluidPath.deadVolume,
                occlusionSwitchThresholdPascals: profile.occlusion.thresholdPascals ?? 100_000,
                pressureNoisePascals: 20, batteryNoiseMillivolts: 1)
            var store: SimulatedRigStore?
            if let rigFile {
                do { store = try SimulatedRigStore.open(path: rigFile, configuration: configuration) } catch {
                    throw .unsupported("the simulated rig's state file: \(error)")
                }
            }
            // An accelerated clock carries on from where the rig's time stood, the outage passing
            // at the same scale, so a restore measures it.
            let clock: any ClockSource =
                virtualClock
                ?? (timeScale > 1
                    ? AcceleratedClock(scale: timeScale, origin: store?.continuedClock(scale: timeScale) ?? SystemClock().now()) as any ClockSource
                    : SystemClock())
            let rig = SimulatedRig(configuration: configuration, clock: clock, store: store)
            io = rig.io(encoder: profile.motor.motion.hasEncoder, stallOutput: profile.motor.motion.hasStallOutput)
            self.clock = clock
            simulated = rig
        case .gpio:
            guard timeScale == 1, virtualClock == nil else { throw .unsupported("--time-scale or a virtual clock on a hardware rig") }
            io = try Self.gpioRig(profile)
            clock = SystemClock()
            simulated = nil
        }
    }

    /// `timeScale`: simulated seconds per real second; the stall threshold is real time (a stall is
    /// the process held up), so on accelerated time it is scaled to the loop's clock.
    static func settings(for profile: HardwareProfile, timeScale: Int64 = 1) -> ControlSettings {
        let occlusion = profile.occlusion
        let thresholds = ProfileReload.thresholds(of: profile)
        var settings = ControlSettings(
            pressurePoll: occlusion.pollInterval, occlusionThresholdPascals: thresholds.occlusionThresholdPascals,
            occlusionConfirmSamples: thresholds.occlusionConfirmSamples,
            reliefSteps: Int(occlusion.reliefVolume.picolitres / profile.motor.stepVolume.picolitres),
            batteryPoll: profile.battery.pollInterval, batteryAverageOf: Int(profile.battery.averageOf),
            // Switches without edge events (every simulated one) are read with the pressure: the
            // occlusion switch is the occlusion sensor, and one wake serves both.
            switchPoll: occlusion.pollInterval,
            // A quantised converter may legitimately repeat a reading at rest, so hardware rigs opt
            // in per profile; the simulated channels carry noise.
            stuckAfterSamples: Int(occlusion.stuckAfterSamples ?? (profile.kind == .simulated ? 20 : 0)),
            stallThreshold: .nanoseconds(profile.realtime.stallThreshold.nanoseconds * max(timeScale, 1)),
            motion: motionSettings(for: profile))
        settings.annunciation = profile.alarmOutputs.timing
        return settings
    }

    /// The loop's motion verification from `[motor]`: a GPIO peristaltic driver checks its own
    /// units, so the loop judges only what its encoder sees between them.
    static func motionSettings(for profile: HardwareProfile) -> MotionSettings {
        let motion = profile.motor.motion
        var checksSteps = true
        if case .peristaltic = profile.motor.drive, profile.kind == .gpio { checksSteps = false }
        return MotionSettings(
            checksSteps: checksSteps, pulsesPerRevolution: motion.pulsesPerRevolution, stepsPerRevolution: motion.stepsPerRevolution,
            toleranceSteps: motion.toleranceSteps, coastPulses: motion.coastPulses, coastWindow: motion.coastWindow,
            stallRetry: StallRetryPolicy(retries: motion.retries, spacing: motion.retrySpacing, reverseBeforeRetry: motion.reverseBeforeRetry))
    }

    private static func gpioRig(_ profile: HardwareProfile) throws(HardwareError) -> RigIO {
        guard let selector = profile.chip else { throw .unsupported("a GPIO rig without a chip") }
        let chip = try GPIOChip(selector)
        let motor: any MotorDriver
        var motion: (any MotionSensor)?
        var stallOutput: (any StallInput)?
        switch profile.motor.drive {
        case .stepper(let drive):
            guard let lines = drive.lines else { throw .unsupported("a stepper without lines") }
            motor = try GPIOStepperDriver(
                chip: chip, step: lines.step, direction: lines.direction, enable: lines.enable, fault: lines.fault,
                microstep: lines.microstep, minimumPulseWidthNanoseconds: drive.stepPulseWidth.nanoseconds,
                minimumStepIntervalNanoseconds: drive.minimumStepInterval.nanoseconds,
                directionSetupNanoseconds: drive.directionSetup.nanoseconds, enableSetupNanoseconds: drive.enableSetup.nanoseconds,
                idleUnpowered: drive.idleUnpowered, idleHoldNanoseconds: drive.idleHold.nanoseconds)
            let verification = profile.motor.motion
            if let line = verification.encoderLine {
                motion = try GPIOEncoderInput(chip: chip, line: line, debounceNanoseconds: verification.encoderDebounce.nanoseconds)
            }
            if let line = verification.stallLine { stallOutput = try GPIOStallInput(chip: chip, line: line) }
        case .peristaltic(let drive):
            guard let lines = drive.lines else { throw .unsupported("a peristaltic pump without lines") }
            let peristaltic = try GPIOPeristalticDriver(
                chip: chip, enable: lines.enable, encoder: lines.encoder, direction: lines.direction,
                stallTimeoutNanoseconds: drive.stallTimeout.nanoseconds, encoderDebounceNanoseconds: drive.encoderDebounce.nanoseconds)
            motor = peristaltic
            motion = peristaltic  // its pulses between units: coast or free flow
        }
        func input(_ spec: SwitchInput?) throws(HardwareError) -> (any BinaryInput)? {
            guard let spec else { return nil }
            return try GPIOBinaryInput(chip: chip, line: spec.line, debounceNanoseconds: spec.debounce.nanoseconds)
        }
        var battery: (any AnalogInput)?
        if case .sysfs(let channel) = profile.battery.source { battery = try analog(channel) }
        let alarms = profile.alarmOutputs
        let alarmOutputs: (any AlarmOutputs)? =
            alarms.hasOutputs
            ? try GPIOAlarmOutputs(chip: chip, buzzer: alarms.buzzer, redLamp: alarms.redLamp, yellowLamp: alarms.yellowLamp, buzzerSense: alarms.buzzerSense)
            : nil
        return RigIO(
            motor: motor, occlusionSwitch: try input(profile.occlusion.pressureSwitch), reservoirSwitch: try input(profile.reservoirSwitch),
            pressure: try profile.occlusion.pressure.map { (spec) throws(HardwareError) in try analog(spec) }, battery: battery,
            motion: motion, stallOutput: stallOutput, alarmOutputs: alarmOutputs)
    }

    private static func analog(_ spec: AnalogChannelSpec) throws(HardwareError) -> any AnalogInput {
        switch spec.source {
        case .iio(let directory, let channel): try SysfsAnalogInput(iioDirectory: directory, channel: channel, quantity: spec.quantity)
        case .powerSupply(let directory): try SysfsAnalogInput(powerSupplyDirectory: directory, quantity: spec.quantity)
        }
    }

    /// The simulated rig's file for the state in `stateDirectory`, in `runtimeDirectory` (a rig's
    /// physics lasts until a reboot): one per state, so simulated pumpds of different states that
    /// share a runtime directory each keep their own rig. `simulated-rig.<hash>.state`, the hash
    /// (FNV-1a) of the state directory's resolved path.
    public static func simulatedRigFile(runtimeDirectory: String, stateDirectory: String) -> String {
        let hash = UInt64(bitPattern: CommandedPositionJournal.hash(ResolvedPath.of(stateDirectory)))
        let hex = String(hash, radix: 16)
        return runtimeDirectory + "/simulated-rig." + String(repeating: "0", count: 16 - hex.count) + hex + ".state"
    }
}
