#if canImport(Glibc)
import Glibc
#endif
import ControlWorkload
import PumpControl
import PumpCore
import PumpHardware

// Wake lateness of the real control loop: `RealtimeLoop` (its own pthread, SCHED_FIFO priority 80
// and mlockall when allowed — it warns and carries on when not), a timerfd armed on absolute
// CLOCK_MONOTONIC deadlines, driving the simulated rig on the system clocks at three step rates
// for a fixed time each (RealtimeWorkload):
//
//   10 steps/s      every 100 ms
//   22.2 steps/s    every 45 ms: hw-profiles/sim.toml's maximum, 20 mL/h at 250 nL a step
//   1000 steps/s    every 1 ms, on a timing rig that allows 900 mL/h (not a clinical profile)
//
// The rig has the simulated motor and no sensors, so every timer wake is a step wake and the wake
// interval is the step period. For each rate it prints wake lateness p50/p99/max (µs) from the
// loop's own `latenessSummary`, the number of timer wakes, steps moved against the steps the
// program owed by the time the loop was stopped, and the process's CPU time
// (CLOCK_PROCESS_CPUTIME_ID: every thread, nothing subtracted) as a percentage of one core over
// the measured span (commit to stop). The last line of each rate starts with `RESULT` and carries
// the numbers as key=value pairs for scripts/loop-latency.sh.
//
//   LoopLatency [--seconds N] [--rates 10,22,1000] [--policy fifo|other]   (LOOP_LATENCY_SECONDS=N sets the default)
//
// --policy other: the loop stays SCHED_OTHER (normal scheduling, the simulated rigs' default),
// still with mlockall and cpu_dma_latency held at 0, to compare with `cyclictest --policy=other`.
//
// Build in release mode: swift build -c release --package-path Benchmarks --product LoopLatency

func fail(_ message: String) -> Never {
    var line = "LoopLatency: \(message)\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

let (seconds, selected, fifo): (Int64, Set<Int>?, Bool) = {
    var seconds: Int64 = 20
    var fifo = true
    if let text = getenv("LOOP_LATENCY_SECONDS").map({ String(cString: $0) }), !text.isEmpty {
        guard let value = Int64(text), value >= 1 else { fail("LOOP_LATENCY_SECONDS must be a whole number ≥ 1, not \(text)") }
        seconds = value
    }
    var selected: Set<Int>? = nil
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--seconds":
            guard let value = arguments.popFirst().flatMap({ Int64($0) }), value >= 1 else { fail("--seconds needs a whole number ≥ 1") }
            seconds = value
        case "--rates":
            guard let list = arguments.popFirst() else { fail("--rates needs a list, e.g. 10,22,1000") }
            selected = Set(list.split(separator: ",").compactMap { Int($0) })
        case "--policy":
            let policy = arguments.popFirst()
            guard policy == "fifo" || policy == "other" else { fail("--policy takes fifo or other") }
            fifo = policy == "fifo"
        case "-h", "--help":
            print("usage: LoopLatency [--seconds N] [--rates 10,22,1000] [--policy fifo|other]   (LOOP_LATENCY_SECONDS=N sets the default duration)")
            exit(0)
        default:
            fail("unknown argument \(argument)")
        }
    }
    return (seconds, selected, fifo)
}()
let rates = RealtimeWorkload.rates.filter { selected?.contains($0.key) ?? true }
guard !rates.isEmpty else { fail("--rates selected none of 10, 22, 1000") }

func processCPU() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

func usage() -> rusage {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage
}

/// Nanoseconds as microseconds with one decimal.
func microseconds(_ nanoseconds: UInt64) -> String {
    let tenths = (nanoseconds + 50) / 100
    return "\(tenths / 10).\(tenths % 10)"
}

func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((value * Double(scale)).rounded())
    guard decimals > 0 else { return "\(scaled)" }
    let fraction = String(abs(scaled % scale))
    return "\(scaled / scale).\(String(repeating: "0", count: decimals - fraction.count))\(fraction)"
}

func measure(_ rate: RealtimeWorkload.Rate) -> Bool {
    print("== \(rate.label): one step every \(rate.period.nanoseconds / 1000) µs for \(seconds) s, \(fifo ? "SCHED_FIFO 80" : "SCHED_OTHER") ==")
    fflush(nil)
    let workload = RealtimeWorkload(
        rate: rate, seconds: seconds, options: .init(priority: fifo ? 80 : nil, lockMemory: true, holdCPUWakeLatency: true),
        onWarning: { print("  warning: \($0)"); fflush(nil) })
    let committedAt: Int64
    do { committedAt = try workload.startAndProgram() } catch {
        print("  \(error)")
        return false
    }
    let cpuBefore = processCPU(), wallBefore = SystemClock.monotonicNanoseconds(), usageBefore = usage()
    // Half a period past the end, so the last owed step is not racing the stop.
    RealtimeWorkload.sleep(untilMonotonic: committedAt + seconds * 1_000_000_000 + rate.period.nanoseconds / 2)
    let stopAt = SystemClock.monotonicNanoseconds()
    workload.loop.stop()
    let cpuAfter = processCPU(), wallAfter = SystemClock.monotonicNanoseconds(), usageAfter = usage()

    let lateness = workload.loop.latenessSummary
    let cycle = workload.cycle
    let expected = (stopAt - committedAt) / rate.period.nanoseconds
    let moved = cycle.stepsMoved
    let cpuPercent = Double(cpuAfter - cpuBefore) / Double(wallAfter - wallBefore) * 100
    let alarms = cycle.session.alarms.activeAlarms.map { "\($0.kind): \($0.evidence)" }
    print("  timer wakes      \(lateness.wakes)")
    print("  lateness         p50 \(microseconds(lateness.p50)) µs, p99 \(microseconds(lateness.p99)) µs, max \(microseconds(lateness.max)) µs")
    print("  steps            \(moved) moved, \(expected) owed at the stop (\(moved - expected >= 0 ? "+" : "")\(moved - expected)), missed \(cycle.session.ledger.missed)")
    print("  cpu              \(fixed(cpuPercent, 3)) % of one core (\(fixed(Double(cpuAfter - cpuBefore) / 1e6, 1)) ms over \(fixed(Double(wallAfter - wallBefore) / 1e9, 3)) s)")
    print("  context switches \(usageAfter.ru_nvcsw - usageBefore.ru_nvcsw) voluntary, \(usageAfter.ru_nivcsw - usageBefore.ru_nivcsw) involuntary")
    if !alarms.isEmpty { print("  alarms           \(alarms.joined(separator: "; "))") }
    print(
        "RESULT rate=\(rate.key) interval_us=\(rate.period.nanoseconds / 1000) seconds=\(seconds) wakes=\(lateness.wakes)"
            + " p50_ns=\(lateness.p50) p99_ns=\(lateness.p99) max_ns=\(lateness.max) steps=\(moved) expected=\(expected)"
            + " cpu_pct=\(fixed(cpuPercent, 4)) policy=\(fifo ? "fifo" : "other")")
    fflush(nil)
    return true
}

var ok = true
for rate in rates { ok = measure(rate) && ok }
exit(ok ? 0 : 1)
