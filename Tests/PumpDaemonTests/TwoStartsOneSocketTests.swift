import Foundation
import Testing
import Varlink

/// Two pumpds started together on one state directory and one socket: one wins the state's lock
/// and must run with its socket reachable; the other must fail without touching that socket. With
/// the socket put at its path before the lock was held, the loser's socket could replace the
/// winner's file and then be removed by the loser's failed start (the winner ran unreachable), or
/// the winner could refuse the loser's socket as live (both exited). A race: each round is one
/// chance; ten rounds made the fault show in every run of this test (4 of 4).
@Suite struct TwoStartsOneSocketTests {
    /// Explicit, so the test also runs a pumpd built elsewhere (the round-5 binary, to see it pass).
    static let profile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("hw-profiles/sim.toml").path

    static func launch(_ daemon: RunningDaemon, runtime: String) throws -> Process {
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd)
        process.arguments = [
            "--profile", profile, "--state-dir", daemon.stateDirectory, "--socket", daemon.socket, "--runtime-dir", runtime, "--status-interval", "3600",
        ]
        process.currentDirectoryURL = PumpDaemonProcessTests.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func ofTwoPumpdsStartedTogetherOneRunsAndItsSocketAnswers() throws {
        let daemon = try RunningDaemon(arguments: ["--profile", Self.profile])
        defer { daemon.shutdown() }
        // An existing state, so the start checks it ahead as a restart does.
        try daemon.start(extra: ["--daily-dose", "500ug/day"])
        #expect(daemon.stop() == 0)
        var outcomes: [String] = []
        for round in 0..<10 {
            let a = try Self.launch(daemon, runtime: daemon.stateDirectory + "/ra")
            let b = try Self.launch(daemon, runtime: daemon.stateDirectory + "/rb")
            let deadline = Date().addingTimeInterval(30)
            while a.isRunning && b.isRunning && Date() < deadline { usleep(10_000) }
            usleep(500_000)
            let running = [a, b].filter(\.isRunning)
            let answered = (try? VarlinkConnection(path: daemon.socket, receiveTimeout: .seconds(10)).call("io.pumpd.Pump.GetStatus")) != nil
            let exits = [a, b].map { $0.isRunning ? "running" : "exit \($0.terminationStatus)" }
            if running.count != 1 || !answered { outcomes.append("round \(round): \(exits), socket answered: \(answered)") }
            for process in running { kill(process.processIdentifier, SIGTERM) }
            a.waitUntilExit()
            b.waitUntilExit()
        }
        #expect(outcomes.isEmpty, "\(outcomes.joined(separator: "\n"))")
    }
}
