// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks for PumpCore, kept out of the main package so that building or testing
// the daemon never pulls in package-benchmark.
//
//   swift package --package-path Benchmarks benchmark --target PlannerBenchmarks
//   swift run -c release --package-path Benchmarks PlannerYear
//
// or scripts/bench-planner.sh from the repository root.
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
        // Runs the one-year plan once and prints plain numbers (no benchmark harness).
        .executableTarget(
            name: "PlannerYear",
            dependencies: [
                "PlannerWorkload",
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Sources/PlannerYear"
        ),
    ],
    swiftLanguageModes: [.v6]
)
