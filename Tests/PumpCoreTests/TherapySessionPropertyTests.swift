import PropertyBased
import PumpCore
import PumpTestKit
import Testing

/// Random therapy histories run through the whole session — planner, guard, ledger, reservoir and
/// alarms together — with occlusions and refills on top of the scenario's stops, boluses and clock
/// changes. A small reservoir makes every run reach the low and empty thresholds.
@Suite struct TherapySessionPropertyTests {
    static func rig(for scenario: TherapyScenario) -> RigConfiguration {
        RigConfiguration(
            stepVolume: scenario.stepVolume, maximumRate: .millilitresPerHour(10), maximumStepsPerSecond: 100,
            deadVolume: .microlitres(100), primingRate: .millilitresPerHour(1), reservoirCapacity: .millilitres(40),
            emptyThreshold: .microlitres(500))
    }

    static func prescription(for scenario: TherapyScenario) -> Prescription {
        Prescription(
            drug: Drug(name: "baclofen", concentration: scenario.drugConcentration), basal: scenario.basal,
            periodicBolus: scenario.periodicBolus,
            limits: DoseLimits(maximumDailyDose: .milligrams(100), maximumHourlyDose: .milligrams(10), maximumBolus: .micrograms(100)),
            lowReservoirAlarm: .millilitres(1))
    }

    @Test func reservoirNeverFallsBelowTheEmptyThresholdAndNothingMovesAfterACriticalAlarm() async {
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = TherapyScenario.random(seed: seed, days: 30)
            var rng = SplitMix64(seed: ~seed)
            let rig = Self.rig(for: scenario)
            let drug = Drug(name: "baclofen", concentration: scenario.drugConcentration)
            // Fills that are not whole multiples of the step, so the last step before empty would cross it.
            let fillVolume = Volume.millilitres(3) + .nanolitres(Int64(rng.next() % 1999) + 1)
            var session = TherapySession(
                rig: rig, fill: ReservoirFill(volume: fillVolume, drug: drug, filledAt: TherapyScenario.origin.wall, position: 0),
                pathPrimed: true, battery: BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000),
                clock: TherapyScenario.origin)
            do { try session.commit(Self.prescription(for: scenario), at: TherapyScenario.origin) } catch {
                Issue.record("generated prescription refused: \(error) — \(scenario)"); return
            }
            var wallOffset: Int64 = 0, utcOffset: Int64 = 0
            var nextAction = 0
            var steps = 0
            for minute in 0..<(scenario.days * 1440) {
                var now = TherapyScenario.reading(atMinute: minute, wallOffsetMinutes: wallOffset, utcOffsetMinutes: utcOffset)
                while nextAction < scenario.actions.count, scenario.actions[nextAction].minute == minute {
                    switch scenario.actions[nextAction].action {
                    case .stop: session.stop(at: now)
                    case .resume: try? session.resume(at: now)
                    case .bolus(let micrograms, let minutes):
                        try? session.requestBolus(.single(dose: .micrograms(micrograms), duration: .minutes(minutes)), at: now)
                    case .clockStep(let minutes), .offsetChange(let minutes):
                        if case .clockStep = scenario.actions[nextAction].action { wallOffset += minutes } else { utcOffset += minutes }
                        now = TherapyScenario.reading(atMinute: minute, wallOffsetMinutes: wallOffset, utcOffsetMinutes: utcOffset)
                        session.tick(at: now)
                    }
                    nextAction += 1
                }
                switch rng.next() % 4000 {
                case 0: session.raiseAlarm(.occlusion, evidence: "test occlusion", at: now)
                case 1, 2:
                    session.clearAlarmCause(.occlusion, at: now)
                    try? session.acknowledgeAlarm(.occlusion, at: now)
                    try? session.acknowledgeAlarm(.reservoirEmpty, at: now)
                    try? session.resume(at: now)
                case 3:
                    _ = try? session.refill(volume: fillVolume, drug: drug, withdrawn: session.reservoirRemaining, at: now)
                default: break
                }
                let minuteEnd = MonotonicInstant(nanoseconds: (minute + 1) * TimeSpan.minute.nanoseconds)
                while case .due(let due) = session.nextStep(), due < minuteEnd {
                    let reading = now.advanced(by: due - now.monotonic)
                    let wasBlocked = session.alarms.blocksDelivery
                    guard (try? session.commandStep(at: reading)) != nil else { break }
                    steps += 1
                    #expect(!wasBlocked, "a step was granted while a critical alarm was active — \(scenario)")
                    #expect(session.reservoirRemaining >= rig.emptyThreshold, "reservoir below the empty threshold — \(scenario)")
                }
                if session.alarms.active[.overinfusionGuardTrip] != nil {
                    Issue.record("guard tripped on a correct session at minute \(minute) — \(scenario)"); return
                }
            }
            #expect(session.ledger.position == session.planner.commandedPosition)
            #expect(session.reservoirRemaining >= .zero)
        }
    }
}
