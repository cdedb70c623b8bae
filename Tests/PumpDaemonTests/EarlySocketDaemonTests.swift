import Foundation
import Testing
import Varlink

/// pumpd binds its socket while its state opens (issue 13) but puts it at its path only when ready:
/// a client connecting as early as it can is answered only by the ready service, and a start that
/// fails leaves no socket and no staging directory.
@Suite struct EarlySocketDaemonTests {
    /// What a client connecting as soon as it can got: the first reply to `GetStatus` on each
    /// connection pumpd accepted, or nil for a connection closed unanswered.
    struct Attempts {
        var replies: [[UInt8]?] = []
        var exitStatus: Int32?
    }

    /// Starts pumpd on `daemon`'s directories with `extra` and connects every 100 µs until a call
    /// is answered or pumpd exits (60 s at most, a bound against hangs); then stops it if it runs.
    static func connectAsEarlyAsPossible(_ daemon: RunningDaemon, extra: [String] = []) throws -> Attempts {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd)
        process.arguments = ["--state-dir", daemon.stateDirectory, "--socket", daemon.socket, "--status-interval", "3600"] + extra
        process.currentDirectoryURL = PumpDaemonProcessTests.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var attempts = Attempts()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            guard let socket = RawSocket(path: daemon.socket) else {
                usleep(100)
                continue
            }
            socket.send(Array(#"{"method":"io.pumpd.Pump.GetStatus"}"#.utf8) + [0])
            if case .message(let reply) = socket.receive(timeout: .seconds(30)) {
                attempts.replies.append(reply)
                break
            }
            attempts.replies.append(nil)
        }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        attempts.exitStatus = process.terminationStatus
        return attempts
    }

    @Test func aClientConnectingWhilePumpdStartsIsAnsweredWithTheFirstProgramAlreadyRunning() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let attempts = try Self.connectAsEarlyAsPossible(daemon, extra: ["--daily-dose", "500ug/day"])
        #expect(attempts.exitStatus == 0)
        // Every connection pumpd accepted was answered: none was closed unanswered.
        #expect(!attempts.replies.isEmpty && !attempts.replies.contains { $0 == nil }, "\(attempts.replies.count) connections")
        let reply = try JSONValue.parse(try #require(attempts.replies.last ?? nil))
        let status = try #require(reply["parameters"]?["status"]?.objectValue, "\(reply)")
        // The first start's program is durable before any call is answered, however early it came.
        #expect(status["mode"] == "running" && status["programmed"] == true, "\(status)")
    }

    @Test func aStartRefusedForItsStateAnswersNothingAndLeavesNoSocket() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: daemon.stateDirectory + "/pumpd.sqlite"))
        let attempts = try Self.connectAsEarlyAsPossible(daemon)
        #expect(attempts.exitStatus == 4)
        #expect(!attempts.replies.contains { $0 != nil }, "nothing is answered by a start that fails")
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        let entries = try FileManager.default.contentsOfDirectory(atPath: daemon.stateDirectory)
        #expect(!entries.contains { $0.hasPrefix(".vl-") }, "\(entries)")
    }
}
