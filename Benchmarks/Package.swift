// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks for PumpCore, the control loop and the Varlink encoders, kept out of the main package so that building or testing
// the daemon never pulls in package-benchmark.
//
//   swift package --package-path Benchmarks benchmark --target PlannerBenchmarks
//   swift package --package-path Benchmarks benchmark --target ControlBenchmarks
//   swift package --package-path Benchmarks benchmark --target StatusBenchmarks
//   swift package --package-path Benchmarks benchmark --target VarlinkBenchmarks
//   swift run -c release --package-path Benchmarks PlannerYear
//
// or scripts/bench-planner.sh from the repository root. The control loop's wake lateness against
// cyclictest and its mallocs per wake: scripts/loop-latency.sh (LoopLatency, ControlCycleMallocs).
let package = Package(
    name: "pumpd-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "pumpd", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // Already in the graph through package-benchmark; PlannerYear reads its counters directly.
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.5.0"),
    ],
    targets: [
        // The workloads, shared by the benchmark suite and the plain-numbers executable.
        .target(
            name: "PlannerWorkload",
            dependencies: [.product(name: "PumpCore", package: "pumpd")],
            path: "Sources/PlannerWorkload"
        ),
        .executableTarget(
            name: "PlannerBenchmarks",
            dependencies: [
                "PlannerWorkload",
                .product(name: "PumpCore", package: "pumpd"),
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Benchmarks/PlannerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Runs the one-year plan once and prints plain numbers (no benchmark harness), then the
        // control cycle's steady-state mallocs per wake.
        .executableTarget(
            name: "PlannerYear",
            dependencies: [
                "PlannerWorkload",
                "ControlWorkload",
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Sources/PlannerYear"
        ),
        // The control cycle on the simulated rig and a virtual clock in steady state (shared by
        // ControlBenchmarks, ControlCycleMallocs and PlannerYear), and the real-time loop on the
        // simulated motor at a fixed step rate (LoopLatency, ControlCycleMallocs).
        .target(
            name: "ControlWorkload",
            dependencies: [
                .product(name: "PumpTestKit", package: "pumpd"),
                .product(name: "PumpControl", package: "pumpd"),
                .product(name: "PumpSimulation", package: "pumpd"),
                .product(name: "PumpHardware", package: "pumpd"),
                .product(name: "PumpCore", package: "pumpd"),
            ],
            path: "Sources/ControlWorkload"
        ),
        .executableTarget(
            name: "ControlBenchmarks",
            dependencies: [
                "ControlWorkload",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Benchmarks/ControlBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The status path (issue 13): encoding a reply, publishing and reading the session.
        .executableTarget(
            name: "StatusBenchmarks",
            dependencies: [
                "ControlWorkload",
                .product(name: "PumpControl", package: "pumpd"),
                .product(name: "PumpCore", package: "pumpd"),
                .product(name: "PumpWire", package: "pumpd"),
                .product(name: "Varlink", package: "pumpd"),
                .product(name: "VarlinkCodable", package: "pumpd"),
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Benchmarks/StatusBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The Varlink encoders on a real GetStatus reply: JSON serialization and parsing, call
        // decoding, reply serialization (what the server pays per call outside the interface).
        .executableTarget(
            name: "VarlinkBenchmarks",
            dependencies: [
                .product(name: "Varlink", package: "pumpd"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/VarlinkBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Plain numbers: the control cycle's mallocs per steady-state wake (no benchmark harness).
        .executableTarget(
            name: "ControlCycleMallocs",
            dependencies: [
                "ControlWorkload",
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Sources/ControlCycleMallocs"
        ),
        // The real-time loop's wake lateness, step count and CPU use at three step rates on the
        // simulated rig and the system clocks (scripts/loop-latency.sh compares it with cyclictest).
        .executableTarget(
            name: "LoopLatency",
            dependencies: [
                "ControlWorkload",
                .product(name: "PumpControl", package: "pumpd"),
                .product(name: "PumpSimulation", package: "pumpd"),
                .product(name: "PumpHardware", package: "pumpd"),
                .product(name: "PumpCore", package: "pumpd"),
            ],
            path: "Sources/LoopLatency"
        ),
    ],
    swiftLanguageModes: [.v6]
)
