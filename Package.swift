// swift-tools-version: 6.1
import PackageDescription

// Release builds reach concrete generic metadata (Set<Name>, [Key: Value], Result<…>, …) through its
// accessor function, not through a mangled name the runtime demangles at first use: each demangled
// generic requirement was a scan of all ~5 400 conformance records, ~2 ms of pumpd's start. This
// reaches pumpd's own modules only; scripts/static-build.sh, the deployed build, passes the same
// flag to every module, the dependencies' too (~1 ms more).
let metadataAccessors: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

// Release builds put every function in a section of its own (swiftc does so for public ones only),
// so the linker can lay out the idle loop's wake code side by side (`releaseLinker`).
let functionSections: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release)),
]

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
] + metadataAccessors + functionSections

// The release pumpd is linked by lld (the toolchain's own), for two things gold cannot do:
// - The functions an idle pump's wakes run (scripts/wake-order.sh lists them, hottest first), placed
//   together: scattered over the 55 MB binary, each wake touched ~60 code pages, and every distinct
//   cold page costs a wake ~0.5-1 µs. Names no input defines are ignored, so a stale list costs
//   locality, never the build.
// - Its ~57 000 relative relocations packed as DT_RELR (glibc 2.36, Debian 12): 11 kB for the loader
//   to read at every start instead of 1.36 MB (exec to main ~0.15 ms shorter).
let releaseLinker: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld",
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/wake-order.txt",
            "-Xlinker", "--no-warn-symbol-ordering",
            "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        ],
        .when(configuration: .release)),
]

// The C++ runtime the static Swift runtime needs, linked into the release pumpd instead of loaded:
// libstdc++.so.6 and libgcc_s.so.1 were ~0.6 ms of every start (mapping, relocating, binding; the
// loader also searched for each in RUNPATH first). scripts/release-link/libstdc++.so redirects the
// toolchain's own -lstdc++ to libstdc++.a (its directory is searched before GCC's); clang's
// -static-libgcc takes the unwinder from libgcc_eh.a. `readelf -d` on the release pumpd lists
// neither library. Nothing crosses into another C++ library: libsystemd, the one library pumpd
// loads at run time, is C.
let staticCxxRuntime: [LinkerSetting] = [
    .unsafeFlags(
        ["-L", "\(Context.packageDirectory)/scripts/release-link", "-Xclang-linker", "-static-libgcc"],
        .when(configuration: .release)),
]

// The virtual clock runs every step and sensor poll of a simulated 90-day refill cycle through the
// therapy core, the control cycle and the simulated rig; unoptimised (generic 128-bit dose
// arithmetic above all) that took 10 s per simulated day. These three are optimised in debug
// builds too; overflow traps and preconditions stay (-O, not -Ounchecked).
let alwaysOptimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "pumpd",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PumpCore", targets: ["PumpCore"]),
        .library(name: "PumpHardware", targets: ["PumpHardware"]),
        .library(name: "PumpSimulation", targets: ["PumpSimulation"]),
        .library(name: "PumpControl", targets: ["PumpControl"]),
        .library(name: "PumpTestKit", targets: ["PumpTestKit"]),
        .library(name: "Varlink", targets: ["Varlink"]),
        .library(name: "VarlinkCodable", targets: ["VarlinkCodable"]),
        .library(name: "PumpStorage", targets: ["PumpStorage"]),
        .library(name: "PumpWire", targets: ["PumpWire"]),
        .library(name: "PumpService", targets: ["PumpService"]),
        .library(name: "PumpJournal", targets: ["PumpJournal"]),
        .library(name: "PumpHIL", targets: ["PumpHIL"]),
        .library(name: "PumpBalance", targets: ["PumpBalance"]),
        .executable(name: "pumpd", targets: ["pumpd"]),
        .executable(name: "pumpctl", targets: ["pumpctl"]),
        .executable(name: "pump-hil", targets: ["pump-hil"]),
        .executable(name: "pump-journal-send", targets: ["pump-journal-send"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The therapy core: pure value types, no I/O and no clock reads. Time, calibration and
        // sensor readings are parameters, so the same code runs in tests, the daemon and time-warped
        // simulations.
        .target(name: "PumpCore", swiftSettings: strictSwift + alwaysOptimised),
        // The version every tool and GetInfo report, from one place (no dependencies).
        .target(name: "PumpVersion", swiftSettings: strictSwift),
        // eventfd, timerfd, epoll, SCHED_FIFO and mlockall for the control loop thread.
        .target(name: "CPumpSys"),
        // Swift concurrency's global-executor hooks, an eventfd and a thread start for PumpThreads.
        .target(name: "CPumpThreads"),
        // Threads pumpd owns (WorkerThreads): Swift concurrency's executor in the daemon, the storage
        // writer, the state-file watch and timers, instead of libdispatch's queues and worker pool.
        .target(name: "PumpThreads", dependencies: ["CPumpThreads"], swiftSettings: strictSwift),
        // libgpiod 1.6 or 2.x behind one version-neutral C API.
        .target(name: "CPumpGPIO", linkerSettings: [.linkedLibrary("gpiod")]),
        // Hardware seams (motor, binary and analog inputs, clocks) and their real implementations:
        // libgpiod lines, sysfs IIO and power-supply channels.
        .target(name: "PumpHardware", dependencies: ["PumpCore", "CPumpGPIO"], swiftSettings: strictSwift),
        // Rig profiles (hw-profiles/*.toml): parsing with line-accurate diagnostics and validation.
        .target(name: "PumpProfile", dependencies: ["PumpCore", "PumpHardware"], swiftSettings: strictSwift),
        // The simulated rig: a physical model with fault switches behind the hardware seams.
        .target(name: "PumpSimulation", dependencies: ["PumpCore", "PumpHardware"], swiftSettings: strictSwift + alwaysOptimised),
        // The control loop: a real-time thread driving the therapy session through the hardware.
        .target(
            name: "PumpControl",
            dependencies: ["PumpCore", "PumpHardware", "CPumpSys"],
            swiftSettings: strictSwift + alwaysOptimised
        ),
        // The standard simulated bench for tests, benchmarks and harnesses (like a TestKit product), and
    // a standalone systemd-journald the journal tests run against.
        .target(
            name: "PumpTestKit", dependencies: ["PumpCore", "PumpHardware", "PumpSimulation", "PumpControl"],
            swiftSettings: strictSwift
        ),
        // Varlink messages, JSON values and a blocking client: no NIO, so the CLI starts fast.
        .target(name: "Varlink", swiftSettings: strictSwift),
        // Varlink's JSON values to and from Codable types (the core's wire form), with errors that
        // name the field: how pumpd decodes requests and pumpctl checks and reads prescriptions.
        .target(name: "VarlinkCodable", dependencies: ["Varlink"], swiftSettings: strictSwift),
        // The Varlink server: NUL-framed JSON on a Unix stream socket, peer credentials, limits.
        .target(
            name: "VarlinkServer",
            dependencies: [
                "Varlink", "PumpThreads", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // The system libsqlite3 (libsqlite3-dev), and the two helpers Swift cannot call directly.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        // Durable state in SQLite (our own small wrapper, no Foundation): WAL with synchronous=FULL,
        // integrity-checked at open.
        .target(name: "PumpStorage", dependencies: ["CSQLite", "PumpThreads"], swiftSettings: strictSwift),
        // io.pumpd.Pump's reply structures as plain Codable values: the one definition pumpd encodes
        // and pumpctl decodes.
        .target(name: "PumpWire", dependencies: ["PumpCore"], swiftSettings: strictSwift),
        // The daemon's service: durable state, the control loop's runner, the io.pumpd.Pump and
        // io.pumpd.Rig interfaces (their .varlink files are embedded and served as written).
        .target(
            name: "PumpService",
            dependencies: [
                "PumpCore", "PumpHardware", "PumpProfile", "PumpSimulation", "PumpControl", "PumpStorage", "PumpWire", "Varlink",
                "VarlinkCodable", "VarlinkServer", "PumpThreads", "CPumpSys", .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.embedInCode("Interfaces/io.pumpd.Pump.varlink"), .embedInCode("Interfaces/io.pumpd.Rig.varlink")],
            swiftSettings: strictSwift
        ),
        // journald logging for swift-log: native structured entries (PUMP_* fields, MESSAGE_ID), one
        // stable MESSAGE_ID per pump event kind (systemd/pumpd.catalog explains each), stderr fallback.
        .target(
            name: "PumpJournal",
            dependencies: ["Varlink", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift
        ),
        // Sends entries through PumpJournal's default (libsystemd) path: for checking a device's journal
        // and catalog by hand, and for the tests, which run it inside a private journald's namespace.
        .executableTarget(
            name: "pump-journal-send",
            dependencies: ["PumpJournal", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "pumpd",
            dependencies: [
                "PumpCore", "PumpHardware", "PumpProfile", "PumpSimulation", "PumpControl", "PumpService", "PumpStorage",
                "Varlink", "VarlinkServer", "PumpJournal", "PumpVersion", "PumpThreads", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift,
            // --static-swift-stdlib links with -export-dynamic, which put all ~17 700 of pumpd's own
            // Swift symbols (NIO's, the core's, …) in its dynamic symbol table: every symbol the loader
            // binds looks there first, and the runtime's dladdr at start scans it linearly. Nothing looks
            // pumpd's own symbols up by name (a fatal error prints no backtrace without swift-backtrace,
            // which reads the ELF file itself; the deb's binary is stripped anyway).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))]
                + releaseLinker + staticCxxRuntime
        ),
        // pumpctl's commands, unit parsing and output as a library, so tests and harnesses can use them.
        // Prescriptions are the core's own types and replies are PumpWire's, in the Codable wire form pumpd uses;
        // prescription files are TOML read by PumpProfile's parser (one TOML reader, with line and column).
        .target(
            name: "PumpctlKit",
            dependencies: [
                "PumpBalance", "PumpCore", "PumpWire", "PumpProfile", "PumpVersion", "Varlink", "VarlinkCodable", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(name: "pumpctl", dependencies: ["PumpctlKit"], swiftSettings: strictSwift),
        .testTarget(name: "PumpctlTests", dependencies: ["PumpctlKit", "PumpBalance", "PumpCore", "PumpWire", "Varlink", "PumpTestKit"], swiftSettings: strictSwift),
        // The serial balance (Sartorius/Mettler-style lines over a tty), weighed mass, density and
        // the one mass-to-volume conversion: shared by the HIL accuracy run and `pumpctl calibrate run`.
        .target(name: "PumpBalance", dependencies: ["PumpCore"], swiftSettings: strictSwift),
        .testTarget(name: "PumpBalanceTests", dependencies: ["PumpBalance", "PumpCore", "PumpTestKit"], swiftSettings: strictSwift),
        // The HIL harness as a library: scenarios (TOML), their runner over io.pumpd.Pump and
        // io.pumpd.Rig, expectations, reports, and the accuracy (trumpet curve) analysis.
        .target(
            name: "PumpHIL",
            dependencies: ["PumpBalance", "PumpCore", "PumpProfile", "PumpWire", "Varlink", "VarlinkCodable"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "pump-hil",
            dependencies: ["PumpHIL", "PumpBalance", "PumpCore", "PumpVersion", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "PumpHILTests", dependencies: ["PumpHIL", "PumpBalance", "PumpCore", "PumpTestKit", "Varlink", "pumpd", "pump-hil"], swiftSettings: strictSwift),
        .testTarget(name: "VarlinkTests", dependencies: ["Varlink"], swiftSettings: strictSwift),
        .testTarget(name: "PumpThreadsTests", dependencies: ["PumpThreads"], swiftSettings: strictSwift),
        .testTarget(name: "PumpTestKitTests", dependencies: ["PumpTestKit"], swiftSettings: strictSwift),
        // PumpCore too: the prescription is the richest wire type to decode.
        .testTarget(
            name: "VarlinkCodableTests", dependencies: ["VarlinkCodable", "Varlink", "PumpCore"], swiftSettings: strictSwift
        ),
        .testTarget(name: "VarlinkServerTests", dependencies: ["VarlinkServer", "Varlink", "PumpTestKit"], swiftSettings: strictSwift),
        // GRDB too (tests only): the tests go around the store with raw SQL to prove what it refuses.
        .testTarget(
            name: "PumpStorageTests",
            dependencies: ["PumpStorage", "PumpTestKit", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PumpServiceTests",
            dependencies: [
                "PumpService", "PumpCore", "PumpProfile", "Varlink", "PumpStorage", "PumpControl", "PumpHardware", "PumpSimulation",
                "PumpTestKit",
            ],
            swiftSettings: strictSwift
        ),
        // A real systemd-journald, started in a private mount namespace, reads back what the handler sends.
        .testTarget(
            name: "PumpJournalTests",
            dependencies: ["PumpJournal", "pump-journal-send", "Varlink", "PumpWire", "PumpTestKit", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "PumpHardwareTests", dependencies: ["PumpHardware", "PumpCore", "PumpTestKit"], swiftSettings: strictSwift),
        .testTarget(name: "PumpProfileTests", dependencies: ["PumpProfile", "PumpTestKit"], swiftSettings: strictSwift),
        .testTarget(name: "PumpSimulationTests", dependencies: ["PumpSimulation", "PumpTestKit"], swiftSettings: strictSwift),
        .testTarget(
            name: "PumpControlTests",
            dependencies: ["PumpControl", "PumpSimulation", "PumpProfile", "PumpTestKit"],
            swiftSettings: strictSwift
        ),
        // Runs the built pumpd binary end to end (the dependency makes sure it is built first).
        .testTarget(name: "PumpDaemonTests", dependencies: ["pumpd", "pumpctl", "pump-hil", "Varlink", "PumpTestKit", "PumpStorage", "PumpVersion"], swiftSettings: strictSwift),
        .testTarget(
            name: "PumpCoreTests",
            dependencies: ["PumpCore", "PumpTestKit", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
