import Foundation
import Testing

/// The real `pumpd` binary, started as a user would start it.
@Suite struct PumpDaemonProcessTests {
    /// The products sit beside the test runner in the build directory.
    static let pumpd = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("pumpd").path
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Outcome {
        /// The exit status, or the signal that ended the process when `signalled`.
        var status: Int32
        var output: String
        var signalled = false
    }

    /// Runs pumpd with `arguments` from the repository root; sends `signal` after `terminateAfter`.
    static func run(_ arguments: [String], terminateAfter: Double? = nil, signal: Int32 = SIGTERM) throws -> Outcome {
        let state = try RunningDaemon()  // for its state directory and socket: started here by hand
        defer { state.shutdown() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pumpd)
        process.arguments = ["--state-dir", state.stateDirectory, "--socket", state.socket] + arguments
        process.currentDirectoryURL = repository
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        if let terminateAfter {
            Thread.sleep(forTimeInterval: terminateAfter)
            kill(process.processIdentifier, signal)
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
            signalled: process.terminationReason == .uncaughtSignal)
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGQUIT])
    func theDaemonDeliversOnTheSimulatedRigAndStopsWithTheMotorDisabledOnAStopSignal(signal: Int32) throws {
        // 500 µg/day at 2000 µg/mL is a step every 86.4 s; at ×1000 one every 86 ms.
        let outcome = try Self.run(
            ["--daily-dose", "500ug/day", "--time-scale", "1000", "--status-interval", "1"], terminateAfter: 3, signal: signal)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("delivery started"))
        #expect(outcome.output.contains("signal \(signal): stopping"))
        // A daemon stop is not a clinician's stop: the next start resumes therapy.
        #expect(outcome.output.contains("delivery stopped (shutdown)"))
        let final = try #require(outcome.output.split(separator: "\n").last { $0.contains("stopped; motor disabled") })
        // Steps moved: between 1 and what 3 s at ×1000 allow (≈35): it ran, and did not race ahead.
        let steps = try #require(final.firstMatch(of: /steps (\d+)/).flatMap { Int($0.1) })
        #expect((1...40).contains(steps), "\(final)")
    }

    @Test func aBrokenProfileIsReportedWithItsKeysAndLinesAndTheDaemonRefusesToStart() throws {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(getpid()).toml")
        try "[rig]\nname = \"bench\"\nkind = \"simulated\"\n[motor]\nstep_volum_pl = 250000\n".write(to: profile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: profile) }
        let check = try Self.run(["--check-profile", profile.path])
        #expect(check.status == 2)  // the same code a start refused for the same profile exits with
        #expect(check.output.contains("\(profile.path):5:1: error: motor.step_volum_pl: unknown key"))
        let start = try Self.run(["--profile", profile.path])
        #expect(start.status == 2)
        #expect(start.output.contains("motor.step_volum_pl"))
    }

    @Test func everyShippedProfilePassesTheCheck() throws {
        for name in ["sim", "rpi4-a4988", "rpi5-drv8825", "dc-peristaltic"] {
            let outcome = try Self.run(["--check-profile", "hw-profiles/\(name).toml"])
            #expect(outcome.status == 0, "\(name): \(outcome.output)")
            #expect(outcome.output.contains(": ok: "))
        }
    }
}

@Suite struct PumpDaemonLoggingTests {
    @Test func aLogThatCannotBeWrittenNeverKillsTheDaemon() throws {
        let state = try RunningDaemon()  // for its state directory and socket: started here by hand
        defer { state.shutdown() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd)
        process.arguments = [
            "--state-dir", state.stateDirectory, "--socket", state.socket, "--daily-dose", "500ug/day", "--time-scale", "1000",
            "--status-interval", "1", "--run-for", "2",
        ]
        process.currentDirectoryURL = PumpDaemonProcessTests.repository
        process.standardError = FileHandle(forWritingAtPath: "/dev/full")  // every write fails with ENOSPC
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
