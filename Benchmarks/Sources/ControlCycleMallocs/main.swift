#if canImport(Glibc)
import Glibc
#endif
import ControlWorkload
import MallocInterposerSwift
import PumpControl
import PumpHardware

// Mallocs per wake of the control loop in steady state, as plain numbers. Build in release mode.
//
// 1. "control cycle": ControlWorkload — the simulated rig with every sensor (switches, pressure,
//    battery, with noise), 500 µg/day, one simulated day of warm-up — then `wakes` consecutive
//    `ControlCycle.wake(at:)` calls on a VirtualClock, each at the deadline the previous returned.
// 2. "real-time loop": RealtimeLoop itself on the simulated motor at 1 kHz (RealtimeWorkload),
//    counting every malloc of the process over `seconds` while the main thread sleeps: the cycle
//    plus the loop's own per-wake work (events, snapshot, lateness histogram, heartbeat).
//
//   ControlCycleMallocs [--wakes N] [--loop-seconds S]     (defaults 200 000 wakes, 3 s; S=0 skips 2)
//
// The counters need the interposer loaded before main: run with
// LD_PRELOAD=<build dir>/libMallocInterposerSwift.so (scripts/loop-latency.sh does). Without it
// the malloc lines say so.

/// Writes a line to standard error.
func complain(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let (wakes, loopSeconds): (Int, Int64) = {
    var wakes = 200_000
    var loopSeconds: Int64 = 3
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--wakes": wakes = arguments.popFirst().flatMap { Int($0) } ?? 0
        case "--loop-seconds": loopSeconds = arguments.popFirst().flatMap { Int64($0) } ?? -1
        default:
            complain("usage: ControlCycleMallocs [--wakes N] [--loop-seconds S]")
            exit(2)
        }
    }
    guard wakes > 0, loopSeconds >= 0 else {
        complain("ControlCycleMallocs: --wakes must be positive and --loop-seconds not negative")
        exit(2)
    }
    return (wakes, loopSeconds)
}()

/// Whether the interposer is loaded and counting (a known allocation is counted first).
func interposerLive() -> Bool {
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    MallocInterposerSwift.reset()
    let probe = [Int](repeating: 7, count: 1_024)
    let live = MallocInterposerSwift.getStatistics().mallocCount > 0 && probe[1_023] == 7
    MallocInterposerSwift.unhook()
    return live
}
let live = interposerLive()
var failed = false

@MainActor func cycleRun(_ label: String) throws {
    let workload = try ControlWorkload.make()
    _ = workload.runWakes(1_000)  // one more stretch outside the count, as package-benchmark's warm-up
    MallocInterposerSwift.hook()
    MallocInterposerSwift.reset()
    let clock = ContinuousClock()
    let began = clock.now
    let tally = workload.runWakes(wakes)
    let elapsed = began.duration(to: clock.now)
    let mallocs = MallocInterposerSwift.getStatistics().mallocCount
    MallocInterposerSwift.unhook()
    for line in ControlWorkload.reportLines(label, tally, elapsed: elapsed, mallocs: live ? mallocs : nil) { print(line) }
    if let problem = workload.problem {
        print("\(label): CHECK FAILED       \(problem)")
        failed = true
    }
}

try cycleRun("control cycle")

if loopSeconds > 0 {
    let label = "real-time loop"
    let rate = RealtimeWorkload.rates.last!  // 1 kHz
    let workload = RealtimeWorkload(
        rate: rate, seconds: loopSeconds + 1, options: .init(priority: 80, lockMemory: true, holdCPUWakeLatency: true),
        onWarning: { print("\(label): warning          \($0)") })
    do {
        let committedAt = try workload.startAndProgram()
        // Past the commit's own events and the first steps.
        RealtimeWorkload.sleep(untilMonotonic: committedAt + 500_000_000)
        let wakesBefore = workload.loop.latenessSummary.wakes, stepsBefore = workload.cycle.stepsMoved
        MallocInterposerSwift.hook()
        MallocInterposerSwift.reset()
        RealtimeWorkload.sleep(untilMonotonic: committedAt + 500_000_000 + loopSeconds * 1_000_000_000)
        let mallocs = MallocInterposerSwift.getStatistics().mallocCount
        MallocInterposerSwift.unhook()
        let timerWakes = Int(workload.loop.latenessSummary.wakes - wakesBefore)
        let steps = workload.cycle.stepsMoved - stepsBefore  // read racily: a count for the report only
        workload.loop.stop()
        print("\(label): timer wakes        \(timerWakes) (\(rate.label), motor only, \(loopSeconds) s)")
        print("\(label): steps              \(steps)")
        if live {
            print("\(label): mallocs            \(mallocs)")
            print("\(label): mallocs/wake       \(ControlWorkload.decimal(Double(mallocs) / Double(max(timerWakes, 1)), 4))")
        } else {
            print("\(label): mallocs/wake       unavailable (malloc interposer not preloaded)")
        }
    } catch {
        print("\(label): not measured       \(error)")
        failed = true
    }
}
if failed { exit(1) }
