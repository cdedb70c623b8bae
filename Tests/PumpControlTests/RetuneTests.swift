import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// A reload's new thresholds reach the running cycle without stopping delivery.
@Suite struct RetuneTests {
    @Test func aRetunedDetectorKeepsWhatItConfirmedAndJudgesTheNextSamplesByTheNewThreshold() {
        var detector = OcclusionDetector(thresholdPascals: 100_000, confirmSamples: 2)
        _ = detector.observe(pascals: 150_000)
        #expect(detector.observe(pascals: 150_000) == .occluded)
        // Raised above the line's pressure: still occluded until two samples below the new threshold clear it.
        var retuned = detector.retuned(thresholdPascals: 200_000, confirmSamples: 2)
        #expect(retuned.occluded && retuned.thresholdPascals == 200_000)
        #expect(retuned.observe(pascals: 150_000) == .none)
        #expect(retuned.observe(pascals: 150_000) == .cleared)
    }

    /// The bench's line has no switch here, so only the pressure channel judges: a pressure the
    /// old threshold (137 900 Pa) tolerates is an occlusion under the new one (30 000 Pa).
    @Test func aLoweredOcclusionThresholdStopsDeliveryAtAPressureTheOldOneTolerated() throws {
        let bench = try SimulatedBench { rig in var io = rig.io; io.occlusionSwitch = nil; return io }
        bench.program()
        bench.driver.advance(by: .hours(1))
        let previous = bench.driver.performOnCycle { cycle, _ in
            cycle.retune(SensorThresholds(occlusionThresholdPascals: 30_000, occlusionConfirmSamples: 3, battery: SimulatedBench.battery))
        }
        #expect(previous.occlusionThresholdPascals == 137_900)
        #expect(bench.session.mode == .running, "retuning never stops delivery")
        #expect(bench.cycle.thresholds.occlusionThresholdPascals == 30_000)
        bench.rig.faults.setOcclusion()
        // 12.5 kPa per occluded 250 nL step: three steps pass 30 kPa, far below the old threshold.
        let took = bench.advance(until: { bench.isActive(.occlusion) }, limit: .hours(1))
        #expect(took != nil)
        #expect(bench.truth.pressurePascals < 137_900)
        #expect(bench.session.alarms.active[.occlusion]?.evidence.contains("≥ 30000 Pa for 3 samples") == true)
        #expect(bench.session.mode == .stopped(.alarm))
    }

    @Test func raisedBatteryThresholdsAreJudgedAtTheNextReading() throws {
        let bench = try SimulatedBench()
        bench.program()
        bench.driver.advance(by: .minutes(10))
        #expect(!bench.isActive(.batteryElectiveReplacement))  // 3.6 V against ERI 3.3 V
        let raised = BatteryThresholds(electiveReplacementMillivolts: 3_700, endOfServiceMillivolts: 3_000)
        bench.driver.performOnCycle { cycle, _ in
            cycle.retune(SensorThresholds(occlusionThresholdPascals: 137_900, occlusionConfirmSamples: 3, battery: raised))
        }
        #expect(!bench.isActive(.batteryElectiveReplacement), "not before a reading")
        #expect(bench.session.battery.thresholds == raised)
        #expect(bench.advance(until: { bench.isActive(.batteryElectiveReplacement) }, limit: .minutes(2)) != nil)
        #expect(bench.session.mode == .running, "ERI informs; delivery continues")
    }

    /// The wake path reads the settings as built; `settings` still shows the retuned thresholds.
    @Test func settingsShowTheRetunedOcclusionThresholdsAndTheRestAsBuilt() throws {
        let bench = try SimulatedBench()
        bench.driver.performOnCycle { cycle, _ in
            cycle.retune(SensorThresholds(occlusionThresholdPascals: 30_000, occlusionConfirmSamples: 5, battery: SimulatedBench.battery))
        }
        let settings = bench.cycle.settings
        #expect(settings.occlusionThresholdPascals == 30_000)
        #expect(settings.occlusionConfirmSamples == 5)
        let built = SimulatedBench.settings
        #expect(settings.pressurePoll == built.pressurePoll && settings.switchPoll == built.switchPoll && settings.batteryPoll == built.batteryPoll)
        #expect(settings.pressureRangePascals == built.pressureRangePascals && settings.reliefSteps == built.reliefSteps)
        #expect(settings.stallThreshold == built.stallThreshold && settings.stuckAfterSamples == built.stuckAfterSamples)
    }
}
