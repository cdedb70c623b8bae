import PumpCore
import PumpHardware
import PumpProfile
import Testing

@Suite("Shipped profiles")
struct ShippedProfileTests {
    @Test func theExpectedProfilesAreShipped() {
        let names = Set(ProfileTestSupport.shippedProfileNames())
        #expect(names.isSuperset(of: ["sim.toml", "rpi4-a4988.toml", "rpi5-drv8825.toml", "dc-peristaltic.toml"]))
    }

    @Test(arguments: ProfileTestSupport.shippedProfileNames())
    func everyShippedProfileParsesAndValidates(name: String) throws {
        let profile = try ProfileTestSupport.load(name)
        #expect(profile.file.hasSuffix("hw-profiles/\(name)"))
        #expect(!profile.name.isEmpty)
        // Every hard limit is reachable by the motor, and the rig configuration is consistent.
        let rig = profile.rigConfiguration
        #expect(rig.effectiveMaximumRate == rig.maximumRate)
        #expect(rig.emptyThreshold < rig.reservoirCapacity)
        #expect(profile.occlusion.reliefVolume <= profile.occlusion.postOcclusionBolusLimit)
    }

    /// Someone enabling a profile's commented examples (an encoder, DIAG, alarm outputs) gets a
    /// valid profile: no example reuses a line another example or a live key holds.
    @Test(arguments: ProfileTestSupport.shippedProfileNames())
    func everyShippedProfileStaysValidWithItsCommentedExamplesUncommented(name: String) throws {
        let text = ProfileTestSupport.withExamplesUncommented(try ProfileTestSupport.text(of: name))
        let issues = ProfileTestSupport.issues(text, file: ProfileTestSupport.inProfiles(name))
        #expect(issues.isEmpty, "\(name): \(issues)")
    }

    @Test(arguments: ProfileTestSupport.shippedProfileNames())
    func everyGPIOProfileStatesTheEnableLineSafetyRequirement(name: String) throws {
        let profile = try ProfileTestSupport.load(name)
        guard profile.kind == .gpio else { return }
        let text = try ProfileTestSupport.text(of: name)
        #expect(text.contains("kernel may release"), "\(name) must say why ENABLE needs a resistor")
        #expect(!profile.lines.isEmpty)
    }

    @Test func simulatedProfileConvertsToTheBuiltInRigExactly() throws {
        let profile = try ProfileTestSupport.load("sim.toml")
        let rig = profile.rigConfiguration
        #expect(rig == RigConfiguration(
            stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(20), maximumStepsPerSecond: 1000,
            minimumRate: .microlitresPerDay(10), deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1),
            reservoirCapacity: .millilitres(40), emptyThreshold: .microlitres(500), refillDiscrepancyTolerance: .millilitres(1),
            lineTest: LineTestPlan(
                volume: .microlitres(1), rate: .microlitresPerHour(100), clearSamples: 5, bolusLimit: .microlitres(2), thresholdPascals: 30_000),
            calibrationRun: CalibrationRunBounds(
                maximumSteps: 4_000, defaultRate: .millilitresPerHour(1), maximumRate: .millilitresPerHour(10), minimumSteps: 40)))
        #expect(rig.stepVolume.picolitres == 250_000)
        #expect(rig.maximumRate.picolitresPerDay == 480_000_000_000)
        #expect(rig.maximumStepsPerSecond == 1_000)
        #expect(rig.minimumRate.picolitresPerDay == 10_000_000)
        #expect(rig.deadVolume.nanolitres == 200_000)
        #expect(rig.primingRate.picolitresPerDay == 24_000_000_000)
        #expect(rig.reservoirCapacity.nanolitres == 40_000_000)
        #expect(rig.emptyThreshold.nanolitres == 500_000)
        #expect(rig.refillDiscrepancyTolerance.nanolitres == 1_000_000)
        #expect(profile.batteryThresholds == BatteryThresholds(
            electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000, hysteresisMillivolts: 50))
        #expect(profile.kind == .simulated)
        #expect(profile.chip == nil)
        #expect(profile.lines.isEmpty)
        #expect(profile.battery.source == .simulated)
        #expect(profile.realtime == RealtimeProfile(priority: 0, lockMemory: false))
    }

    @Test func raspberryPi4ProfileNamesItsLinesOnTheBCM2711Chip() throws {
        let profile = try ProfileTestSupport.load("rpi4-a4988.toml")
        #expect(profile.kind == .gpio)
        #expect(profile.chip == .label("pinctrl-bcm2711"))
        #expect(profile.rigConfiguration.stepVolume.picolitres == 500_000)
        #expect(profile.rigConfiguration.maximumRate.picolitresPerDay == 240_000_000_000)
        guard case .stepper(let drive) = profile.motor.drive, let lines = drive.lines else {
            Issue.record("expected a wired stepper")
            return
        }
        #expect(drive.stepPulseWidth == .nanoseconds(2_000))
        #expect(drive.driverMinimumPulse == .nanoseconds(1_000))
        #expect(drive.minimumStepInterval == .nanoseconds(2_500_000))
        #expect(drive.directionSetup == .nanoseconds(400))
        #expect(drive.idleUnpowered && drive.idleHold == .milliseconds(1))
        #expect(lines.step == GPIOLineSpec(.name("GPIO17"), activeLow: false))
        #expect(lines.enable == GPIOLineSpec(.name("GPIO22"), activeLow: true))
        #expect(lines.fault == nil)  // the A4988 has no fault output
        #expect(lines.microstep.map(\.line.selector) == [.name("GPIO5"), .name("GPIO6"), .name("GPIO13")])
        #expect(lines.microstep.map(\.active) == [true, false, false])  // half step
        #expect(profile.battery.source == .sysfs(AnalogChannelSpec(
            source: .powerSupply(directory: "/sys/class/power_supply/bq27441-0"), quantity: .voltageMillivolts)))
        #expect(profile.occlusion.pressureSwitch == SwitchInput(
            line: GPIOLineSpec(.name("GPIO23"), activeLow: false, bias: .pullUp), debounce: .milliseconds(5)))
        #expect(profile.occlusion.thresholdPascals == nil)
        #expect(profile.reservoirSwitch?.line == GPIOLineSpec(.name("GPIO24"), activeLow: false, bias: .pullUp))
        #expect(profile.realtime == RealtimeProfile(priority: 80, lockMemory: true, cpu: 3))
    }

    @Test func raspberryPi5ProfileSelectsTheRP1ChipByLabelAndMeetsTheDRV8825PulseMinimum() throws {
        let profile = try ProfileTestSupport.load("rpi5-drv8825.toml")
        #expect(profile.chip == .label("pinctrl-rp1"))
        guard case .stepper(let drive) = profile.motor.drive, let lines = drive.lines else {
            Issue.record("expected a wired stepper")
            return
        }
        #expect(drive.stepPulseWidth >= .nanoseconds(1_900))
        #expect(drive.minimumStepInterval - drive.stepPulseWidth >= .nanoseconds(1_900))
        #expect(lines.fault == GPIOLineSpec(.name("GPIO25"), activeLow: true, bias: .pullUp))
        #expect(lines.microstep.map(\.active) == [false, true, false])  // quarter step
        let pressure = try #require(profile.occlusion.pressure)
        #expect(pressure == AnalogChannelSpec(
            source: .iio(directory: "/sys/bus/iio/devices/iio:device0", channel: "pressure"), quantity: .pressurePascals))
        #expect(pressure.valuePath == "/sys/bus/iio/devices/iio:device0/in_pressure_raw")
        #expect(profile.occlusion.thresholdPascals == 60_000)
    }

    @Test func peristalticProfileMetersByEncoderPulseAndCanReverse() throws {
        let profile = try ProfileTestSupport.load("dc-peristaltic.toml")
        #expect(profile.motor.stepVolume == .picolitres(200_000))
        #expect(profile.motor.maximumStepsPerSecond == 200)
        #expect(profile.motor.isReversible)
        guard case .peristaltic(let drive) = profile.motor.drive, let lines = drive.lines else {
            Issue.record("expected a wired peristaltic pump")
            return
        }
        #expect(drive.stallTimeout == .milliseconds(500))
        #expect(drive.encoderDebounce == .nanoseconds(200_000))
        #expect(lines.encoder == GPIOLineSpec(.name("GPIO24"), activeLow: false, bias: .pullUp))
        #expect(lines.enable == GPIOLineSpec(.name("GPIO18"), activeLow: false))
        #expect(lines.direction == GPIOLineSpec(.name("GPIO23"), activeLow: false))
        #expect(profile.battery.source == .sysfs(AnalogChannelSpec(
            source: .iio(directory: "/sys/bus/iio/devices/iio:device0", channel: "voltage0"), quantity: .voltageMillivolts)))
    }

    /// The real-kernel lane's guest creates the gpio-sim chip this profile runs on: the bank label and
    /// line names must stay in step, and the order is the offsets the guest drives and traces.
    @Test func gpioSimProfileNamesTheLinesTheKernelLaneCreates() throws {
        let profile = try ProfileTestSupport.load("gpio-sim.toml")
        let guest = try String(
            contentsOf: ProfileTestSupport.repositoryRoot.appendingPathComponent("scripts/hil-kernel/guest-init.sh"), encoding: .utf8)
        let created = try #require(guest.firstMatch(of: /\nLINES="([^"]*)"/)).1.split(separator: " ").map(String.init)
        #expect(created == [
            "MOTOR_STEP", "MOTOR_DIR", "MOTOR_EN_N", "MOTOR_FAULT_N", "OCCLUSION_SW", "RESERVOIR_SW", "MOTOR_ENCODER", "MOTOR_DIAG",
            "BUZZER", "LED_RED", "LED_YELLOW",
        ])
        #expect(guest.contains("STEP=0 DIR=1 EN=2 FAULT=3 OCCL=4 RES=5 ENC=6 DIAG=7 BUZ=8 LEDR=9 LEDY=10"))
        #expect(guest.contains("echo \(created.count) >\"$DEV/bank0/num_lines\""))
        #expect(profile.chip == .label("pumpd-hil"))
        #expect(guest.contains("echo pumpd-hil >\"$DEV/bank0/label\""))
        // The guest's two profiles (phase 8 runs gpio-sim-encoder.toml) use every line it creates
        // and no other, each line once.
        let encoderProfile = try ProfileTestSupport.load("gpio-sim-encoder.toml")
        #expect(encoderProfile.chip == .label("pumpd-hil"))
        func named(_ profile: HardwareProfile) -> [String] {
            profile.lines.compactMap { use -> String? in
                if case .name(let name) = use.spec.selector { return name }
                return nil
            }
        }
        #expect(Set(named(profile)).union(named(encoderProfile)) == Set(created))
        #expect(Set(named(profile)).count == named(profile).count && Set(named(encoderProfile)).count == named(encoderProfile).count)
        #expect(Set(named(profile)).isSubset(of: named(encoderProfile)), "the encoder profile is gpio-sim.toml plus motion verification")
        #expect(encoderProfile.lines.allSatisfy { $0.spec.bias == .asIs })
        guard case .stepper(let drive) = profile.motor.drive, let lines = drive.lines else {
            Issue.record("expected a wired stepper")
            return
        }
        // The guest's checks read these levels: nENABLE high = disabled, /FAULT low = fault.
        #expect(lines.step == GPIOLineSpec(.name("MOTOR_STEP"), activeLow: false))
        #expect(lines.direction == GPIOLineSpec(.name("MOTOR_DIR"), activeLow: false))
        #expect(lines.enable == GPIOLineSpec(.name("MOTOR_EN_N"), activeLow: true))
        #expect(lines.fault == GPIOLineSpec(.name("MOTOR_FAULT_N"), activeLow: true))
        #expect(!drive.idleUnpowered)
        // No bias: gpio-sim applies a requested bias as its pull and would overwrite the simulated switch.
        #expect(profile.lines.allSatisfy { $0.spec.bias == .asIs })
        #expect(profile.battery.source == .sysfs(AnalogChannelSpec(
            source: .powerSupply(directory: "/sys/class/power_supply/test_battery"), quantity: .voltageMillivolts)))
    }

    @Test func lineUsesCarryTheirKeyPathsAndPositionsForTheDaemonsChipCheck() throws {
        let text = try ProfileTestSupport.text(of: "rpi4-a4988.toml")
        let profile = try ProfileTestSupport.load("rpi4-a4988.toml")
        #expect(profile.lines.map(\.keyPath) == [
            "motor.step_line", "motor.direction_line", "motor.enable_line", "motor.microstep_lines[0]",
            "motor.microstep_lines[1]", "motor.microstep_lines[2]", "sensors.occlusion.switch_line",
            "sensors.reservoir_switch.line",
        ])
        let enable = try #require(profile.lines.first { $0.keyPath == "motor.enable_line" })
        #expect(enable.location.line == ProfileTestSupport.line(of: "enable_line =", in: text))
        #expect(enable.location.column == 15)
        let report = ProfileErrors(file: "hw-profiles/rpi4-a4988.toml", issues: [enable.issue("GPIO line \"GPIO22\" not found")])
        #expect(report.description
            == "hw-profiles/rpi4-a4988.toml:\(enable.location.line):15: error: motor.enable_line: GPIO line \"GPIO22\" not found")
    }

    @Test func accessRoleIsTheHighestGrantedByUserOrGroup() throws {
        let access = AccessProfile(
            programmers: [.group("pumpd-clinicians")], operators: [.user("nurse")], observers: [.group("staff")])
        #expect(access.role(user: "nurse", groups: ["staff", "pumpd-clinicians"]) == .programmer)
        #expect(access.role(user: "nurse", groups: ["staff"]) == .operator)
        #expect(access.role(user: "visitor", groups: ["staff"]) == .observer)
        #expect(access.role(user: "visitor", groups: []) == nil)
    }
}
