import ArgumentParser
import Foundation
import PumpCore

@main
struct PumpDaemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pumpd",
        abstract: "Controller daemon for programmable drug-infusion pump rigs.",
        discussion: """
            Runs the therapy engine against a rig. Until the hardware layer and the control API land, pumpd \
            drives the built-in simulated rig (a step counter), and a program can be started from the \
            command line with --daily-dose for bench observation.
            """)

    @Option(help: "Rig profile (TOML). Profiles are read by the hardware layer; today only the simulated rig runs.")
    var profile = "hw-profiles/sim.toml"

    @Option(help: "Start a simple continuous program of this many µg/day (simulated rig only).")
    var dailyDose: Int64?

    @Option(help: "Concentration of the simulated reservoir, µg/mL.")
    var concentration: Int64 = 2000

    @Option(help: "Simulated time runs this many times faster than real time (simulated rig only).")
    var timeScale: Int64 = 1

    @Option(help: "Seconds between status lines.")
    var statusInterval: Int64 = 10

    @Option(help: "Stop after this many seconds of real time (0: run until SIGINT/SIGTERM).")
    var runFor: Int64 = 0

    func validate() throws {
        guard timeScale >= 1, timeScale <= 100_000 else { throw ValidationError("--time-scale must be 1…100000") }
        guard statusInterval >= 1 else { throw ValidationError("--status-interval must be at least 1") }
        if let dailyDose, dailyDose <= 0 { throw ValidationError("--daily-dose must be positive (µg/day)") }
    }

    func run() throws {
        let loop = SimulatedRigLoop(timeScale: timeScale, concentration: .microgramsPerMillilitre(concentration))
        log("pumpd: simulated rig (\(profile)), step \(SimulatedRigLoop.rig.stepVolume), time scale ×\(timeScale)")
        if let dailyDose {
            try loop.program(dailyDose: .microgramsPerDay(dailyDose))
        } else {
            log("pumpd: no program; delivery idle (use --daily-dose µg/day to start a simple continuous program)")
        }
        ShutdownSignal.install()
        loop.run(statusEvery: .seconds(statusInterval), runFor: runFor > 0 ? .seconds(runFor) : nil) { log($0) }
        log("pumpd: stopped; motor disabled")
    }
}

func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
