import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import PumpControl
import PumpCore
import PumpHardware
import PumpProfile
import PumpService
import PumpStorage
import PumpThreads
import PumpVersion
import VarlinkServer

@main
struct PumpDaemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pumpd",
        abstract: "Controller daemon for programmable drug-infusion pump rigs.",
        discussion: """
            Runs the therapy engine's real-time control loop against the rig a profile describes: a simulated \
            rig (hw-profiles/sim.toml) or GPIO motors and sensors through libgpiod and sysfs. \
            Programmer tools (pumpctl, any Varlink client) talk to it over the control socket (interface \
            io.pumpd.Pump; io.pumpd.Rig on simulated rigs). Therapy state lives in --state-dir: after a restart \
            that was not a clinician's stop, delivery resumes from now on the stored program, with no catch-up.

            Signals: SIGTERM, SIGINT and SIGQUIT stop delivery, leave the motor disabled, write a final \
            checkpoint and exit 0 (the next start resumes therapy). SIGHUP reloads the profile's reloadable \
            settings ([access], sensor thresholds, [programming]) while delivery runs, or refuses the whole \
            profile, changing nothing, when anything else changed: the same path as io.pumpd.Pump.Reload and \
            `pumpctl reload`, one reload at a time.

            systemd: with NOTIFY_SOCKET pumpd sends READY=1 once the socket is served and the control loop \
            has published its first status (STATUS= then says the restored mode and rate), RELOADING=1 and \
            READY=1 around a reload, STOPPING=1, and WATCHDOG=1 keep-alives only while the control loop \
            beats (WATCHDOG_USEC). A listening socket passed by socket activation (LISTEN_FDS, named \
            "varlink") is served instead of binding --socket. Log lines go to the journal with PUMP_* \
            fields and catalogued MESSAGE_IDs (journalctl -x explains each).

            Files: /etc/pumpd/rig.toml (the installed rig's profile, the default --profile), \
            /var/lib/pumpd (the state database), /run/pumpd/control.sock (the control socket).

            Exit codes:
            \(PumpdExit.helpTable)
            """,
        version: PumpVersion.number)

    @Option(help: ArgumentHelp(
        "Rig profile (TOML). Default: /etc/pumpd/rig.toml (an installed rig); without it, hw-profiles/sim.toml of the "
            + "checkout pumpd was built from (a development build); with neither, pumpd exits 2 naming both. "
            + "The working directory is never used.",
        valueName: "file"))
    var profile: String?

    @Option(help: ArgumentHelp(
        "Validate this profile (every error with its key and line; on a machine with its GPIO chip, every line) and exit: 0 when it can run, 2 when it is broken.",
        valueName: "file"))
    var checkProfile: String?

    @Option(help: ArgumentHelp("""
        Directory of the state database. It must exist (pumpd refuses to start without it, exit 4, \
        rather than silently begin a new therapy record elsewhere); in it pumpd creates a new database \
        on the first start.
        """, valueName: "dir"))
    var stateDir = Defaults.stateDir

    @Flag(help: """
        Start from a state database that does not match its seal (an -wal lost, a file restored from a \
        copy, a damaged checkpoint), which pumpd otherwise refuses with exit 4. pumpd then starts \
        stopped, with a critical storage-failure alarm naming the evidence, for a clinician to review.
        """)
    var acceptRestoredState = false

    @Option(help: ArgumentHelp("""
        Directory of the files the control loop writes on every step through memory maps (the step \
        journal; a simulated rig's physical state): kept apart from the state database, on a tmpfs \
        such as /run/pumpd, so a frozen or slow state disk can never stall the real-time thread. \
        Default: the control socket's directory.
        """, valueName: "dir"))
    var runtimeDir: String?

    @Option(help: ArgumentHelp("Control socket path (Varlink, mode 0660), bound when systemd passes none.", valueName: "path"))
    var socket = Defaults.socket

    @Option(help: """
        Group of the control socket when pumpd binds it itself (mode 0660: that group's members may \
        connect; their role still comes from [access]). Default: pumpd's own group. Under systemd \
        the socket unit sets it.
        """)
    var socketGroup: String?

    @Option(help: "Clock of a simulated rig: real, or virtual (time moves only through io.pumpd.Rig.AdvanceTime).")
    var clock = Defaults.clock

    @Option(help: """
        Virtual clock only: the wall-clock time the simulation starts at (RFC 3339, e.g. \
        2026-01-05T08:00:00Z; default: now). Harnesses pass it so a scenario repeats exactly, and pass \
        the time a stopped run reached plus the outage to restart it.
        """)
    var virtualStart: String?

    @Option(help: """
        Virtual clock only: its monotonic reading at the start, ns (io.pumpd.Rig.GetClock's monotonic \
        plus the outage, to restart a run exactly after a wall-clock step). Default: the start's wall \
        time as ns since 2000-01-01, so monotonic and wall time agree across runs until a step.
        """)
    var virtualMonotonic: Int64?

    @Option(help: "Write Prometheus metrics to this file (node_exporter textfile collector, e.g. /var/lib/prometheus/node-exporter/pumpd.prom).")
    var metricsFile: String?

    @Option(parsing: .unconditional, help: "Seconds between metrics files.")
    var metricsInterval = Defaults.metricsInterval

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "On first start only (new state): commit a simple continuous program of this dose per day, e.g. 500ug/day "
                + "(or 500ug, 20ug/h; the units pumpctl takes). A number without its unit is refused.",
            valueName: "dose"),
        transform: { try QuantityParser.dailyDose($0) })
    var dailyDose: Int64?

    @Option(help: "On first start only: the drug in the reservoir.")
    var drug = Defaults.drug

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("On first start only: its concentration, e.g. 2000ug/ml or 2mg/ml (default: 2000ug/ml).", valueName: "concentration"),
        transform: { try QuantityParser.concentration($0) })
    var concentration: Int64?

    @Option(parsing: .unconditional, help: "Simulated time runs this many times faster than real time (simulated rig only).")
    var timeScale = Defaults.timeScale

    @Option(parsing: .unconditional, help: "Seconds between status lines.")
    var statusInterval = Defaults.statusInterval

    @Option(parsing: .unconditional, help: "Stop after this many seconds of real time (0: run until SIGINT/SIGTERM).")
    var runFor = Defaults.runFor

    /// ArgumentParser's `main()`, with `CommandLineFastPath` reading the ordinary command lines.
    /// Before anything else: pumpd's tasks run on its own threads, not libdispatch's pool, whose
    /// first worker would start a monitor that wakes the idle daemon every second for good.
    static func main() {
        if !WorkerThreads.takeOverSwiftConcurrency() {
            log("pumpd: warning: Swift concurrency's executor hooks were already taken: tasks run on libdispatch's pool")
        }
        do {
            if let options = CommandLineFastPath.parse(CommandLine.arguments.dropFirst()) {
                try options.run()
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The options as parsed, as values.
    var options: DaemonOptions {
        DaemonOptions(
            profile: profile, checkProfile: checkProfile, stateDir: stateDir, acceptRestoredState: acceptRestoredState,
            runtimeDir: runtimeDir, socket: socket, socketGroup: socketGroup, clock: clock, virtualStart: virtualStart,
            virtualMonotonic: virtualMonotonic, metricsFile: metricsFile, metricsInterval: metricsInterval, dailyDose: dailyDose,
            drug: drug, concentration: concentration, timeScale: timeScale, statusInterval: statusInterval, runFor: runFor)
    }

    func validate() throws { try options.validate() }

    func run() throws { try options.run() }
}

extension DaemonOptions {
    func validate() throws {
        guard (1...100_000).contains(timeScale) else { throw ValidationError("--time-scale must be 1…100000") }
        guard clock == "real" || clock == "virtual" else { throw ValidationError("--clock must be real or virtual") }
        guard clock == "real" || timeScale == 1 else { throw ValidationError("--time-scale needs --clock real") }
        guard !drug.isEmpty else { throw ValidationError("--drug must name the drug") }
        // Bounded so that their nanoseconds fit in 64 bits with room to spare.
        guard (1...86_400).contains(statusInterval) else { throw ValidationError("--status-interval must be 1…86400 s") }
        guard (0...315_360_000).contains(runFor) else { throw ValidationError("--run-for must be 0…315360000 s (ten years)") }
        guard (1...3600).contains(metricsInterval) else { throw ValidationError("--metrics-interval must be 1…3600 s") }
        if let concentration, !(1...1_000_000).contains(concentration) {
            throw ValidationError("--concentration must be 1…1000000 µg/mL (1ug/ml to 1g/ml)")
        }
        if let virtualStart {
            guard clock == "virtual" else { throw ValidationError("--virtual-start needs --clock virtual") }
            guard CivilTime(rfc3339: virtualStart) != nil else {
                throw ValidationError("--virtual-start must be an RFC 3339 time such as 2026-01-05T08:00:00Z, not \(virtualStart)")
            }
        }
        if let virtualMonotonic {
            guard clock == "virtual" else { throw ValidationError("--virtual-monotonic needs --clock virtual") }
            guard virtualMonotonic > 0 else { throw ValidationError("--virtual-monotonic must be positive (ns)") }
        }
        if let socketGroup, (try? PumpDaemon.groupID(named: socketGroup)) == nil {
            throw ValidationError("--socket-group: no group named \(socketGroup)")
        }
        if let dailyDose, !(1_000...1_000_000_000).contains(dailyDose) {
            throw ValidationError("--daily-dose must be 1ug/day to 1g/day, not \(QuantityFormatter.doseRate(nanogramsPerDay: dailyDose))")
        }
    }

    func run() throws {
        if let checkProfile {
            let (report, ok) = ProfileCheck.run(path: checkProfile)
            print(report)
            throw (ok ? PumpdExit.success : .brokenProfile).exit
        }
        // The state database's read-only checks (they read the whole file) run from now on,
        // beside the profile's loading; the open continues from them (`DatabaseCheckAhead`).
        let stateCheck = DatabaseCheckAhead.begin(directory: stateDir)
        defer { stateCheck?.finish() }
        // The control socket's event-loop thread too: its start (two thread creations and the
        // event loop's set-up, about a millisecond) runs beside the profile's loading and the
        // state's opening instead of after the first. Waited for before the loop's CPU is set
        // apart. A start refused before the socket is served leaves it to the process's exit.
        let serviceLoop = VarlinkEventLoop.start()
        let chosen: DefaultProfile
        do { chosen = try DefaultProfile.resolve(given: profile) } catch {
            log(error.description)
            throw PumpdExit.brokenProfile.exit
        }
        log("pumpd: profile \(chosen.path) (\(chosen.reason))")
        let loaded: HardwareProfile
        switch HardwareProfile.load(path: chosen.path) {
        case .failure(let errors):
            log(errors.description)
            throw PumpdExit.brokenProfile.exit
        case .success(let profile): loaded = profile
        }
        // The loop's CPU is checked against this machine before anything starts (no loop on the virtual clock).
        if clock != "virtual", loaded.realtime.cpu != nil, let issue = loaded.realtime.cpuIssue(
            pinnableCPUs: (try? CPUAffinity.pinnableCPUs()) ?? [], processCPUs: (try? CPUAffinity.allowedCPUs()) ?? []) {
            log(ProfileErrors(file: chosen.path, issues: [issue]).description)
            throw PumpdExit.brokenProfile.exit
        }
        let virtualClock = clock == "virtual" ? VirtualClock(start: PumpDaemon.virtualStartReading(virtualStart, monotonic: virtualMonotonic)) : nil
        let assembly: RigAssembly
        do { assembly = try RigAssembly(profile: loaded, timeScale: timeScale, virtualClock: virtualClock,
            // A missing directory is the state's to refuse (exit 4), not the rig's.
            rigFile: PathExists.at(stateDir) && PathExists.at(runtimeDirectory)
                ? RigAssembly.simulatedRigFile(runtimeDirectory: runtimeDirectory, stateDirectory: stateDir) : nil) } catch {
            log("pumpd: cannot open the rig of \(chosen.path): \(error)")
            throw PumpdExit.rigUnsafe.exit
        }
        try Daemon(
            options: self, profilePath: chosen.path, profile: loaded, assembly: assembly, virtualClock: virtualClock, stateCheck: stateCheck,
            serviceLoop: serviceLoop
        ).run()
    }
}

extension DaemonOptions {
    /// `--runtime-dir`, or the control socket's directory.
    var runtimeDirectory: String { runtimeDir ?? ParentDirectory.of(socket) }

    /// The gid of `--socket-group`, nil when not given.
    func socketGroupID() throws -> UInt32? {
        try socketGroup.map(PumpDaemon.groupID(named:))
    }

    /// The boot a run is in, for timing an outage: the kernel's; for a virtual clock, one virtual
    /// boot across runs (a restart is a daemon restart, and its outage is measured by the virtual
    /// monotonic clock).
    var bootID: String { clock == "virtual" ? "virtual" : StateKeeper.currentBootID() }
}

extension PumpDaemon {
    /// The gid of the group `name` (a name, or a number).
    static func groupID(named name: String) throws -> UInt32 {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        if getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil { return entry.gr_gid }
        if let gid = UInt32(name) { return gid }
        throw ValidationError("no group named \(name)")
    }

    /// The virtual boot's monotonic origin: 2000-01-01T00:00:00Z on the wall clock.
    static let virtualEpoch: Int64 = 946_684_800 * 1_000_000_000

    /// Where a virtual clock starts: the given wall time (validated) or now, and the given
    /// monotonic reading or the wall time's distance from ``virtualEpoch``.
    static func virtualStartReading(_ start: String?, monotonic: Int64?) -> ClockReading {
        let wall = start.flatMap { CivilTime(rfc3339: $0) } ?? SystemClock().now().wall
        return ClockReading(monotonic: MonotonicInstant(nanoseconds: monotonic ?? max(wall.unixNanoseconds - virtualEpoch, 1)), wall: wall)
    }
}

func log(_ line: String) {
    DaemonLog.write(line)
}
