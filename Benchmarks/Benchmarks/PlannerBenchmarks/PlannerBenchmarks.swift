import Benchmark
import MallocInterposerSwift
import PlannerWorkload
import PumpCore

// Derived metrics, computed inside the measured region from the same run:
// - "steps planned": steps recorded per iteration (a correctness guard as much as a metric);
// - "steps/s": steps ÷ the iteration's own ContinuousClock time;
// - "mallocs per 1M steps": the malloc interposer's count over the workload × 10⁶ ÷ steps (the
//   same counters behind .mallocCountTotal; zero if the interposer is not loaded).
let stepsPlanned = BenchmarkMetric.custom("steps planned", polarity: .prefersLarger, useScalingFactor: false)
let stepsPerSecond = BenchmarkMetric.custom("steps/s", polarity: .prefersLarger, useScalingFactor: false)
let mallocsPerMillionSteps = BenchmarkMetric.custom("mallocs per 1M steps", polarity: .prefersSmaller, useScalingFactor: false)

let plannerMetrics: [BenchmarkMetric] = [
    .wallClock, .throughput, .mallocCountTotal, stepsPlanned, stepsPerSecond, mallocsPerMillionSteps,
]
/// Exact step counts, steps/s in thousands.
var plannerUnits: [BenchmarkMetric: BenchmarkUnits] {  // computed: BenchmarkUnits is not Sendable
    [.mallocCountTotal: .count, stepsPlanned: .count, stepsPerSecond: .kilo, mallocsPerMillionSteps: .count]
}

/// Runs `work` between start/stopMeasurement and records the derived metrics for its step count.
func measureSteps(_ benchmark: Benchmark, _ work: () throws -> Int) rethrows {
    let clock = ContinuousClock()
    benchmark.startMeasurement()
    // Read inside the measured region so the harness's own start/stop bookkeeping is not counted.
    let mallocsBefore = MallocInterposerSwift.getStatistics().mallocCount
    let began = clock.now
    let steps = try work()
    let elapsed = began.duration(to: clock.now)
    let mallocs = MallocInterposerSwift.getStatistics().mallocCount - mallocsBefore
    benchmark.stopMeasurement()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    benchmark.measurement(stepsPlanned, steps)
    benchmark.measurement(stepsPerSecond, seconds > 0 ? Int((Double(steps) / seconds).rounded()) : 0)
    benchmark.measurement(mallocsPerMillionSteps, steps > 0 ? mallocs * 1_000_000 / steps : 0)
}

/// The planner benchmarks' shared configuration: up to `iterations` samples within 10 s.
func plannerConfiguration(iterations: Int) -> Benchmark.Configuration {
    .init(
        metrics: plannerMetrics, timeUnits: .microseconds, units: plannerUnits, warmupIterations: 1,
        maxDuration: .seconds(10), maxIterations: iterations)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "plan one year of a 13-step flex schedule with daily boluses",
        configuration: plannerConfiguration(iterations: 5)
    ) { benchmark in
        var planner = PlannerWorkload.makeYearPlanner()
        var result: PlannerWorkload.YearResult?
        try measureSteps(benchmark) {
            let year = try PlannerWorkload.planYear(&planner)
            result = year
            return year.steps
        }
        blackHole(planner)
        if let result, let problem = PlannerWorkload.yearProblem(result) { benchmark.error(problem) }
    }

    Benchmark(
        "steady state: 100 000 nextStep + recordStep, continuous basal",
        configuration: plannerConfiguration(iterations: 20)
    ) { benchmark in
        var planner = try PlannerWorkload.makeSteadyPlanner()
        var done = 0
        try measureSteps(benchmark) {
            done = try PlannerWorkload.runSteps(&planner, count: PlannerWorkload.steadySteps)
            return done
        }
        blackHole(planner)
        if done != PlannerWorkload.steadySteps {
            benchmark.error("steady state recorded \(done) of \(PlannerWorkload.steadySteps) steps")
        }
    }
}
