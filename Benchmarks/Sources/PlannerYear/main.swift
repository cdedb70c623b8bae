import ControlWorkload
import MallocInterposerSwift
import PlannerWorkload

// Plans one year once (13-step flex schedule, daily 25 µL bolus) and prints plain numbers, then
// the steady-state run (100 000 steps of continuous basal), then the control cycle's mallocs per
// steady-state wake (ControlWorkload: the simulated rig with sensors, 200 000 wakes after one
// simulated day). Build in release mode.
//
// Malloc counts need the interposer loaded before main: run with
// LD_PRELOAD=<build dir>/libMallocInterposerSwift.so (scripts/bench-planner.sh does). Without it
// the counters stay at zero and the malloc lines say so.

/// Counts mallocs around `work` if the interposer is live (a known allocation is counted first).
func countingMallocs<T>(_ work: () throws -> T) rethrows -> (value: T, seconds: Double, mallocs: Int?) {
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    let probe = [Int](repeating: 7, count: 1_024)
    let live = MallocInterposerSwift.getStatistics().mallocCount > 0 && probe[1_023] == 7
    MallocInterposerSwift.reset()
    let clock = ContinuousClock()
    let began = clock.now
    let value = try work()
    let elapsed = began.duration(to: clock.now)
    let mallocs = MallocInterposerSwift.getStatistics().mallocCount
    MallocInterposerSwift.unhook()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (value, seconds, live ? mallocs : nil)
}

func report(_ name: String, steps: Int, seconds: Double, mallocs: Int?) {
    print("\(name): steps planned    \(steps)")
    print("\(name): seconds          \(String(format6: seconds))")
    print("\(name): steps/s          \(Int(Double(steps) / seconds + 0.5))")
    if let mallocs {
        print("\(name): mallocs          \(mallocs)")
        print("\(name): mallocs/step     \(String(format6: Double(mallocs) / Double(max(steps, 1))))")
    } else {
        print("\(name): mallocs          unavailable (malloc interposer not preloaded)")
    }
}

extension String {
    /// Six decimals without Foundation.
    init(format6 value: Double) {
        let micro = Int64(value * 1_000_000 + 0.5)
        let fraction = String(micro % 1_000_000)
        self = "\(micro / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}

var yearPlanner = PlannerWorkload.makeYearPlanner()
let year = try countingMallocs { try PlannerWorkload.planYear(&yearPlanner) }
report("year", steps: year.value.steps, seconds: year.seconds, mallocs: year.mallocs)
print("year: boluses          \(year.value.boluses)")
print("year: events drained   \(year.value.events)")
print("year: target volume    \(year.value.targetPicolitres) pL (expected \(PlannerWorkload.expectedYearTargetPicolitres) pL)")
var failed = false
if let problem = PlannerWorkload.yearProblem(year.value) {
    print("year: CHECK FAILED     \(problem)")
    failed = true
} else {
    print("year: check            ok (\(PlannerWorkload.expectedYearSteps) steps expected)")
}

var steadyPlanner = try PlannerWorkload.makeSteadyPlanner()
let steady = try countingMallocs { try PlannerWorkload.runSteps(&steadyPlanner, count: PlannerWorkload.steadySteps) }
report("steady", steps: steady.value, seconds: steady.seconds, mallocs: steady.mallocs)
// Allocation counts are deterministic, so they gate: the steady state must not allocate.
if let mallocs = steady.mallocs, mallocs > 0 {
    print("steady: CHECK FAILED   \(mallocs) mallocs in \(steady.value) steps; the steady state must allocate nothing")
    failed = true
}
if steady.value != PlannerWorkload.steadySteps {
    print("steady: CHECK FAILED   recorded \(steady.value) of \(PlannerWorkload.steadySteps) steps")
    failed = true
}

let control = try ControlWorkload.make()
_ = control.runWakes(1_000)
let controlRun = countingMallocs { control.runWakes(200_000) }
let controlElapsed = Duration.nanoseconds(Int64(controlRun.seconds * 1e9))
for line in ControlWorkload.reportLines("control cycle", controlRun.value, elapsed: controlElapsed, mallocs: controlRun.mallocs) { print(line) }
if let mallocs = controlRun.mallocs, mallocs > 0 {
    print("control cycle: CHECK FAILED       \(mallocs) mallocs in 200000 wakes; the loop must allocate nothing")
    failed = true
}
if let problem = control.problem {
    print("control cycle: CHECK FAILED       \(problem)")
    failed = true
}
if failed { fatalError("planner or control-cycle check failed") }
