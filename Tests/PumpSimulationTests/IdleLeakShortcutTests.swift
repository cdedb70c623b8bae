import PumpCore
import PumpHardware
@testable import PumpSimulation
import PumpTestKit
import Testing

/// A settle skips the leak's arithmetic while there is no leak and nothing of one left over
/// (issue 13, round 6): two rigs on one clock, one with the shortcut and one without, driven
/// through the same long random schedule of reads, steps, refills, fault changes and clock
/// advances, give the same reading, the same error and the same truth at every step.
@Suite("Simulated rig: idle leak shortcut")
struct IdleLeakShortcutTests {
    static let sensors: [SimulatedSensor] = [.pressure, .battery, .occlusionSwitch, .reservoirSwitch, .driverFaultLine]

    /// One operation on `rig`, as its outcome: a reading, a thrown error, or nothing.
    static func apply(_ operation: UInt64, argument: Int64, to rig: SimulatedRig) -> String {
        func outcome(_ body: () throws -> Int64) -> String {
            do { return "\(try body())" } catch { return "\(error)" }
        }
        switch operation {
        case 0...39: return outcome { try rig.model.read(sensors[Int(argument % 5)]) }
        case 40...47: return outcome { rig.model.takeEncoderPulses() }
        case 48...59: return outcome { try rig.motor.step(); return 1 }
        case 60...62: return outcome { try rig.motor.reverseStep(); return 1 }
        case 63...65: return outcome { try rig.motor.enable(); return 1 }
        case 66...67: return outcome { try rig.motor.disable(); return 1 }
        case 68...70: rig.faults.setReservoirLeak(nanolitresPerHour: argument % 50_000)
        case 71...73: rig.faults.clearReservoirLeak()
        case 74: rig.faults.setOcclusion()
        case 75...76: rig.faults.clearOcclusion()
        case 77: rig.faults.setFreeFlow(nanolitresPerHour: argument % 20_000)
        case 78: rig.faults.setFreeFlow(nanolitresPerHour: 0)
        case 79: rig.refill(to: .nanolitres(argument % 3_000))  // nearly empty: the leak meets the bottom
        case 80: rig.refill(to: .millilitres(20))
        case 81: rig.faults.setSensorStuck(sensors[Int(argument % 5)])
        case 82: rig.faults.setSensorReadFailure(sensors[Int(argument % 5)])
        case 83: rig.faults.clearAll()
        default: return outcome { rig.model.takeDiag() ? 1 : 0 }
        }
        return "-"
    }

    @Test(arguments: [UInt64(1), 2, 3, 0x5EED])
    func readingsWithTheShortcutAreThoseOfTheFullSettle(seed: UInt64) {
        let clock = VirtualClock(start: ClockReading(monotonic: VirtualRig.start, wall: CivilTime(unixNanoseconds: 1_795_000_000_000_000_000)))
        let fast = SimulatedRig(configuration: .test, clock: clock)
        let full = SimulatedRig(configuration: .test, clock: clock)
        full.model.skipsIdleLeak = false
        #expect(fast.model.skipsIdleLeak)
        var random = SplitMix64(seed: seed)  // a failure names the seed that reproduces it
        var mismatches = 0
        for index in 0..<40_000 {
            // Mostly polls a few ms apart; now and then minutes or hours, so leak remainders
            // build up, whole picolitres leak, and a near-empty reservoir runs dry.
            let span: Int64 = switch random.next() % 100 {
            case 0..<80: Int64(random.next() % 20_000_000)
            case 80..<97: Int64(random.next() % 2_000_000_000)
            default: Int64(random.next() % 7_200_000_000_000)
            }
            clock.advance(by: .nanoseconds(span))
            let operation = random.next() % 90
            let argument = Int64(random.next() % 1_000_000)
            let fastOutcome = Self.apply(operation, argument: argument, to: fast)
            let fullOutcome = Self.apply(operation, argument: argument, to: full)
            let fastTruth = fast.truth(), fullTruth = full.truth()
            let fastLeak = fast.model.settled { ($0.leakRemainder, $0.batteryRemainder, $0.readsTaken) }
            let fullLeak = full.model.settled { ($0.leakRemainder, $0.batteryRemainder, $0.readsTaken) }
            if fastOutcome != fullOutcome || fastTruth != fullTruth || fastLeak != fullLeak {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("seed \(seed), step \(index), operation \(operation): \(fastOutcome) vs \(fullOutcome); \(fastTruth) vs \(fullTruth); \(fastLeak) vs \(fullLeak)")
                }
            }
        }
        #expect(mismatches == 0)
        // The schedule reached what the shortcut must get right: leaks, and a dry reservoir.
        #expect(full.truth().leakedPicolitres > 0)
    }
}
