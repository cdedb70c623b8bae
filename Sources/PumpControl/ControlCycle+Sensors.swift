import PumpCore
import PumpHardware

extension ControlCycle {
    func pollSensors(at reading: ClockReading) {
        let now = reading.monotonic
        if now >= nextSwitchPoll {
            nextSwitchPoll = now + built.switchPoll
            pollSwitches(at: reading)
            pollBuzzerSense(at: reading)
        }
        if now >= nextPressurePoll, let pressure = rig.pressure {
            nextPressurePoll = now + built.pressurePoll
            pollPressure(pressure, at: reading)
        }
        if now >= nextBatteryPoll, let battery = rig.battery {
            nextBatteryPoll = now + built.batteryPoll
            pollBattery(battery, at: reading)
        }
    }

    private func pollSwitches(at reading: ClockReading) {
        if let input = rig.occlusionSwitch, let asserted = readSwitch(input, safety: true, at: reading) {
            // An open switch does not clear the occlusion's cause: only a passed line test does.
            if !judgeLineTest(switchAsserted: asserted, source: input.source, at: reading), asserted {
                raiseOcclusion(evidence: "occlusion switch \(input.source) asserted", at: reading)
            }
        }
        if let input = rig.driverFault, let asserted = readSwitch(input, safety: true, at: reading) {
            if asserted {
                session.raiseAlarm(.driverFault, evidence: "driver fault input \(input.source) asserted", at: reading)
            } else {
                clearCauseIfPresent(.driverFault, at: reading)
            }
        }
        if let input = rig.reservoirSwitch, let asserted = readSwitch(input, safety: false, at: reading) {
            if asserted {
                session.raiseAlarm(.reservoirSwitchLow, evidence: "reservoir-low switch \(input.source) asserted", at: reading)
            } else {
                clearCauseIfPresent(.reservoirSwitchLow, at: reading)
            }
        }
    }

    private func readSwitch(_ input: any BinaryInput, safety: Bool, at reading: ClockReading) -> Bool? {
        do {
            let level = try input.eventDescriptor == nil ? input.isAsserted() : input.consumeEdges()
            sensorRecovered(input.source, safety: safety, at: reading)
            return level
        } catch {
            sensorFailed(input.source, error, safety: safety, at: reading)
            return nil
        }
    }

    private func pollPressure(_ input: any AnalogInput, at reading: ClockReading) {
        guard let pascals = readAnalog(input, range: built.pressureRangePascals, stuck: &pressureStuck, safety: true, at: reading) else { return }
        judgeLineTest(pascals: pascals, source: input.source, at: reading)
        switch occlusion.observe(pascals: pascals) {
        case .occluded:
            raiseOcclusion(
                evidence: "line pressure \(pascals) Pa ≥ \(occlusion.thresholdPascals) Pa for \(occlusion.confirmSamples) samples (\(input.source))",
                at: reading)
        case .cleared, .none:
            // Pressure falling (relief drains a blocked line too) does not clear the occlusion's
            // cause: only a passed line test does (ControlCycle+LineTest).
            break
        }
    }

    private func pollBattery(_ input: any AnalogInput, at reading: ClockReading) {
        guard let millivolts = readAnalog(input, range: built.batteryRangeMillivolts, stuck: &batteryStuck, safety: false, at: reading) else { return }
        batteryAverage.record(millivolts)
        if let mean = batteryAverage.mean { session.recordBattery(millivolts: mean, at: reading) }
    }

    /// Reads an analog channel and checks it is alive and physical; a failure raises the sensor
    /// alarm (critical for a safety sensor) and returns nil.
    private func readAnalog(
        _ input: any AnalogInput, range: ClosedRange<Int64>, stuck: inout StuckSensorDetector, safety: Bool, at reading: ClockReading
    ) -> Int64? {
        let value: Int64
        do { value = try input.read() } catch {
            sensorFailed(input.source, error, safety: safety, at: reading)
            return nil
        }
        if !range.contains(value) {
            sensorFailed(input.source, .outOfRange(source: input.source, value: value, range: range), safety: safety, at: reading)
            return nil
        }
        if stuck.observe(value) {
            sensorFailed(input.source, .stuck(source: input.source, value: value, seconds: 0), safety: safety, at: reading)
            return nil
        }
        sensorRecovered(input.source, safety: safety, at: reading)
        return value
    }

    private func raiseOcclusion(evidence: String, at reading: ClockReading) {
        // Relief only when this occlusion stops a pump that was pushing fluid: never while a
        // clinician has it stopped (they may be working on the line) or it was already in alarm.
        let wasMoving: Bool
        switch session.mode {
        case .running, .priming, .lineTest, .calibrationRun: wasMoving = true
        case .stopped: wasMoving = false
        }
        session.raiseAlarm(.occlusion, evidence: evidence, at: reading)
        if wasMoving { relievePressure() }
    }

    /// Bounded pressure relief after an occlusion: a few reverse steps, then ENABLE safe again.
    /// Reverse steps are not accounted: the fluid returns towards the reservoir, so the accounted
    /// remainder only errs low (the safe side).
    func relievePressure() {
        guard built.reliefSteps > 0 else { return }
        do {
            try rig.motor.enable()
            for _ in 0..<built.reliefSteps { try rig.motor.reverseStep() }
        } catch {
            // Relief is a comfort, not a safety function: the motor is disabled just below anyway.
        }
        absorbReverseMotion(steps: built.reliefSteps)
        forceDisable()
    }

    private func sensorFailed(_ source: String, _ error: HardwareError, safety: Bool, at reading: ClockReading) {
        let evidence = "\(source): \(error)"
        if safety {
            failingSafetySensors.insert(source)
            session.raiseAlarm(.safetySensorFailure, evidence: evidence, at: reading)
        } else {
            failingOtherSensors.insert(source)
            session.raiseAlarm(.sensorDegraded, evidence: evidence, at: reading)
        }
    }

    private func sensorRecovered(_ source: @autoclosure () -> String, safety: Bool, at reading: ClockReading) {
        // The common case, nothing failing, must not even read the name: the loop stays allocation-free.
        guard !(safety ? failingSafetySensors : failingOtherSensors).isEmpty else { return }
        let source = source()
        if safety {
            guard failingSafetySensors.remove(source) != nil, failingSafetySensors.isEmpty else { return }
            session.clearAlarmCause(.safetySensorFailure, at: reading)
        } else {
            guard failingOtherSensors.remove(source) != nil, failingOtherSensors.isEmpty else { return }
            session.clearAlarmCause(.sensorDegraded, at: reading)
        }
    }
}
