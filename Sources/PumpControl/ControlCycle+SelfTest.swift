import PumpCore
import PumpHardware

/// The power-on self-test, run by `start` before the first wake (so before therapy resumes) when
/// `annunciation.selfTestAtStart` is set: nothing steps.
///
/// - Alarm outputs: the buzzer pulsed once with its sense read silent before, sounding during and
///   silent after; each lamp lit once. A failure raises alarm-system-failure.
/// - ENABLE path: ENABLE driven on and off with no step, the driver-fault line read clear before,
///   while enabled (once the driver's `enable_setup_ns` has passed) and after. A failure raises
///   driver-fault (critical: delivery stays stopped). A driver whose `enable()` drives nothing (an
///   `idle_unpowered` stepper, a DC motor: ENABLE goes active only around each step) gets no
///   pulse: the item is `unverified`, saying why, with the fault line read at rest.
/// - Motion inputs (a rig with an encoder or a DIAG/stall output): during that ENABLE pulse the
///   encoder must see no pulse and DIAG must not assert. A failure is driver-fault too, not
///   free-flow or motor-stall: nothing was commanded, so it is the driver (moving on ENABLE alone)
///   or its DIAG wiring (stalled at rest) that is wrong, found before any delivery.
/// - Sensors: each read once; an analog channel within its physical range. A safety sensor (line
///   pressure, occlusion switch) failing raises safety-sensor-failure, another sensor-degraded.
///
/// Duration: the buzzer pulse (`buzzerPulse`, 250 ms) and four sense settling times on a GPIO rig
/// (20 ms each: 80 ms), so 330 ms, plus the motor driver's ENABLE set-up and a read per sensor
/// (IIO sysfs reads take well under a millisecond); none on the simulated rig's clock.
extension ControlCycle {
    /// How long the self-test holds the buzzer on once its sense has settled. A bench engineer
    /// must hear it (a 20 ms click goes unnoticed; IEC 60601-1-8's pulses are 75–200 ms), and it
    /// holds READY back only this once, at start.
    static let selfTestBuzzerPulse: TimeSpan = .milliseconds(250)

    func powerOnSelfTest(at reading: ClockReading) {
        // Real time, not the loop's clock: what matters is how long it holds READY back (on the
        // simulated rig, under a millisecond, recorded as 0 ms).
        let began = SystemClock.monotonicNanoseconds()
        var items: [SelfCheckItem] = []
        if let outputs = rig.alarmOutputs { items += checkAlarmOutputs(outputs) }
        items += checkEnablePath()
        items += checkSensors()
        let took = (SystemClock.monotonicNanoseconds() - began) / 1_000_000 * 1_000_000
        let report = SelfCheckReport(kind: .powerOnSelfTest, items: items, startedAt: reading.wall, duration: .nanoseconds(took))
        annunciation.lastSelfTest = report
        session.recordSelfCheck(report, at: reading)
    }

    private func checkAlarmOutputs(_ outputs: any AlarmOutputs) -> [SelfCheckItem] {
        func item(_ subject: String, _ outcome: SelfCheckOutcome, _ evidence: String) -> SelfCheckItem {
            SelfCheckItem(subject: subject, outcome: outcome, evidence: evidence, alarm: .alarmSystemFailure)
        }
        var items: [SelfCheckItem] = []
        if outputs.hasBuzzer {
            do {
                let before = try outputs.buzzerSensed()
                try outputs.drive(AnnunciatorLevels(buzzer: true))
                outputs.settleSense()
                let during = try outputs.buzzerSensed()
                outputs.hold(nanoseconds: Self.selfTestBuzzerPulse.nanoseconds)
                try outputs.drive(.off)
                outputs.settleSense()
                let after = try outputs.buzzerSensed()
                if let before, let during, let after {
                    let ok = !before && during && !after
                    items.append(item("buzzer", ok ? .passed : .failed, "sense read \(Self.sound(before)) before, \(Self.sound(during)) while driven on, \(Self.sound(after)) after"))
                } else {
                    items.append(item("buzzer", .unverified, "pulsed once; no sense line reads it back"))
                }
            } catch {
                try? outputs.drive(.off)
                items.append(item("buzzer", .failed, "\(outputs.source): \(error)"))
            }
        }
        for (present, subject, lit) in [(outputs.hasRedLamp, "red LED", AnnunciatorLevels(red: true)), (outputs.hasYellowLamp, "yellow LED", AnnunciatorLevels(yellow: true))] where present {
            do {
                try outputs.drive(lit)
                outputs.settleSense()
                try outputs.drive(.off)
                items.append(item(subject, .unverified, "lit once; nothing reads a lamp back"))
            } catch {
                try? outputs.drive(.off)
                items.append(item(subject, .failed, "\(outputs.source): \(error)"))
            }
        }
        annunciation.driven = .off
        return items
    }

    private static func sound(_ sounding: Bool) -> String { sounding ? "sounding" : "silent" }

    /// The ENABLE path's item, then the motion inputs' (when the rig has any).
    private func checkEnablePath() -> [SelfCheckItem] {
        func item(_ outcome: SelfCheckOutcome, _ evidence: String) -> SelfCheckItem {
            SelfCheckItem(subject: "ENABLE path", outcome: outcome, evidence: evidence, alarm: .driverFault)
        }
        func faultAsserted() throws(HardwareError) -> Bool { try rig.driverFault?.isAsserted() ?? false }
        let faultLine = rig.driverFault == nil ? "no fault line to read" : "driver-fault line clear throughout"
        do {
            if try faultAsserted() { return [item(.failed, "driver-fault line asserted before ENABLE was driven")] }
            // Only what comes during the pulse counts (startMotion drained what came before).
            _ = try? rig.motion?.takePulses()
            _ = try? rig.stallOutput?.takeStall()
            if case .armsOnly(let reason) = rig.motor.enableEffect {
                // enable() would drive nothing: a "pulse" would prove nothing about the line.
                let motion = checkMotionInputs(during: "at rest (ENABLE not driven)")
                if try faultAsserted() { return [item(.failed, "driver-fault line asserted at rest")] + motion }
                return [item(.unverified, "ENABLE not driven: \(reason); \(rig.driverFault == nil ? faultLine : "driver-fault line clear at rest")")] + motion
            }
            try rig.motor.enable()
            // Judged only once the driver is awake: a driver waking up may pull FAULT or DIAG.
            rig.motor.awaitEnableSetup()
            let faultWhileEnabled = try faultAsserted()
            // start() disabled it just before and marked it so; disable() again leaves it so.
            try rig.motor.disable()
            let motion = checkMotionInputs(during: "while ENABLE was on with no step")
            if faultWhileEnabled { return [item(.failed, "driver-fault line asserted while enabled (no step made)")] + motion }
            if try faultAsserted() { return [item(.failed, "driver-fault line asserted after ENABLE was driven off")] + motion }
            return [item(.passed, "ENABLE driven on and off with no step; \(faultLine)")] + motion
        } catch {
            forceDisable()
            return [item(.failed, "motor \(rig.motor.name): \(error)")]
        }
    }

    /// What the encoder and DIAG saw over the ENABLE pulse just made with no step (or at rest, on a
    /// driver `enable()` drives nothing on): nothing, or the driver is wrong (driver-fault). Empty
    /// on a rig with neither.
    private func checkMotionInputs(during window: String) -> [SelfCheckItem] {
        guard rig.motion != nil || rig.stallOutput != nil else { return [] }
        func item(_ outcome: SelfCheckOutcome, _ evidence: String) -> SelfCheckItem {
            SelfCheckItem(subject: "motion inputs", outcome: outcome, evidence: evidence, alarm: .driverFault)
        }
        do {
            let pulses = try rig.motion?.takePulses() ?? 0
            let stalled = try rig.stallOutput?.takeStall() ?? false
            var findings: [String] = []
            if pulses > 0, let encoder = rig.motion {
                findings.append("\(encoder.source) saw \(pulses) pulses \(window) (a driver moving by itself, or free flow)")
            }
            if stalled, let diag = rig.stallOutput { findings.append("\(diag.source) asserted with no step made (DIAG reads stalled at rest)") }
            if !findings.isEmpty { return [item(.failed, findings.joined(separator: "; "))] }
            let seen = [rig.motion.map { "\($0.source) saw no pulse" }, rig.stallOutput.map { "\($0.source) stayed clear" }].compactMap { $0 }
            return [item(.passed, "\(window): " + seen.joined(separator: ", "))]
        } catch {
            return [item(.failed, "reading the motion inputs \(window): \(error)")]
        }
    }

    private func checkSensors() -> [SelfCheckItem] {
        var items: [SelfCheckItem] = []
        func analog(_ input: (any AnalogInput)?, range: ClosedRange<Int64>, unit: String, safety: Bool) {
            guard let input else { return }
            let alarm: AlarmKind = safety ? .safetySensorFailure : .sensorDegraded
            do {
                let value = try input.read()
                let ok = range.contains(value)
                if !ok { noteFailing(input.source, safety: safety) }
                items.append(
                    SelfCheckItem(
                        subject: "sensor \(input.source)", outcome: ok ? .passed : .failed,
                        evidence: ok ? "\(value) \(unit)" : "\(value) \(unit) outside \(range.lowerBound)…\(range.upperBound) \(unit)", alarm: alarm))
            } catch {
                noteFailing(input.source, safety: safety)
                items.append(SelfCheckItem(subject: "sensor \(input.source)", outcome: .failed, evidence: "\(error)", alarm: alarm))
            }
        }
        func binary(_ input: (any BinaryInput)?, safety: Bool) {
            guard let input else { return }
            do {
                let asserted = try input.isAsserted()
                items.append(
                    SelfCheckItem(
                        subject: "sensor \(input.source)", outcome: .passed, evidence: asserted ? "reads asserted" : "reads clear",
                        alarm: safety ? .safetySensorFailure : .sensorDegraded))
            } catch {
                noteFailing(input.source, safety: safety)
                items.append(SelfCheckItem(subject: "sensor \(input.source)", outcome: .failed, evidence: "\(error)", alarm: safety ? .safetySensorFailure : .sensorDegraded))
            }
        }
        analog(rig.pressure, range: built.pressureRangePascals, unit: "Pa", safety: true)
        binary(rig.occlusionSwitch, safety: true)
        analog(rig.battery, range: built.batteryRangeMillivolts, unit: "mV", safety: false)
        binary(rig.reservoirSwitch, safety: false)
        return items
    }

    /// A sensor the self-test found failing clears its alarm's cause when the loop reads it well.
    private func noteFailing(_ source: String, safety: Bool) {
        if safety { failingSafetySensors.insert(source) } else { failingOtherSensors.insert(source) }
    }
}
