import Benchmark
import ControlWorkload
import MallocInterposerSwift

// The control cycle in steady state: ControlWorkload (simulated rig with motor, switches,
// pressure and battery with noise; 500 µg/day; one simulated day of warm-up), then `wakesPerRun`
// consecutive wakes, each at the deadline the previous wake returned — what the real-time thread
// does, without the thread.
//
// Goal: zero allocations per wake. Derived metrics, from the same measured region:
// - "wakes": wakes per iteration (a guard that the run is what it says);
// - "steps": motor steps among those wakes (about one every 172 wakes: a step every 86.4 s, the
//   switches every 500 ms, pressure every 1 s, battery every 30 s);
// - "mallocs per 1k wakes": the interposer's malloc count × 1000 ÷ wakes (.mallocCountTotal is
//   the harness's own count of the same region).
let wakesPerRun = 20_000
let wakesMetric = BenchmarkMetric.custom("wakes", polarity: .prefersLarger, useScalingFactor: false)
let stepsMetric = BenchmarkMetric.custom("steps", polarity: .prefersLarger, useScalingFactor: false)
let mallocsPerThousandWakes = BenchmarkMetric.custom("mallocs per 1k wakes", polarity: .prefersSmaller, useScalingFactor: false)

var controlUnits: [BenchmarkMetric: BenchmarkUnits] {  // computed: BenchmarkUnits is not Sendable
    [.mallocCountTotal: .count, wakesMetric: .count, stepsMetric: .count, mallocsPerThousandWakes: .count]
}

/// Runs `wakesPerRun` wakes of a fresh, warmed-up workload between start/stopMeasurement.
func measureWakes(_ benchmark: Benchmark) throws {
    let workload = try ControlWorkload.make()
    benchmark.startMeasurement()
    // Read inside the measured region so the harness's own start/stop bookkeeping is not counted.
    let mallocsBefore = MallocInterposerSwift.getStatistics().mallocCount
    let tally = workload.runWakes(wakesPerRun)
    let mallocs = MallocInterposerSwift.getStatistics().mallocCount - mallocsBefore
    benchmark.stopMeasurement()
    benchmark.measurement(wakesMetric, tally.wakes)
    benchmark.measurement(stepsMetric, Int(tally.steps))
    benchmark.measurement(mallocsPerThousandWakes, mallocs * 1_000 / max(tally.wakes, 1))
    blackHole(workload)
    if let problem = workload.problem { benchmark.error(problem) }
}

func controlConfiguration() -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, wakesMetric, stepsMetric, mallocsPerThousandWakes],
        timeUnits: .microseconds, units: controlUnits, warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("control cycle: 20 000 steady-state wakes, simulated rig with sensors", configuration: controlConfiguration()) {
        try measureWakes($0)
    }
}
