import Foundation
import Varlink

/// A pumpd the harness started on the simulated rig's virtual clock, with its own state
/// directory and socket; restartable on the same state at a later virtual time. Its output goes
/// to `pumpd.log` in the state directory, kept across restarts for the report.
public final class PumpdProcess {
    public let executable: String
    public let profile: String
    public let stateDirectory: String
    public var socket: String { stateDirectory + "/control.sock" }
    public var logPath: String { stateDirectory + "/pumpd.log" }
    private var process: Process?

    /// Why pumpd did not come up, with the end of what it printed.
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Makes a fresh state directory under /tmp (a socket path must fit in 108 bytes).
    public init(executable: String, profile: String) throws {
        self.executable = executable
        self.profile = profile
        stateDirectory = "/tmp/pump-hil-\(UUID().uuidString.prefix(13))"
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
    }

    /// Starts pumpd with its virtual clock at `virtualStart` (RFC 3339; with `monotonic` ns, as
    /// the continuation of an earlier run) and waits, at most `timeout` seconds, until its socket answers.
    public func start(virtualStart: String, monotonic: Int64? = nil, timeout: Double = 30) throws {
        try? FileManager.default.removeItem(atPath: socket)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--profile", profile, "--state-dir", stateDirectory, "--socket", socket, "--clock", "virtual", "--virtual-start", virtualStart,
            "--status-interval", "86400",
        ] + (monotonic.map { ["--virtual-monotonic", String($0)] } ?? [])
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw StartFailure(description: "pumpd exited with \(process.terminationStatus) at start:\n\(logTail())")
            }
            if let connection = try? VarlinkConnection(path: socket, receiveTimeout: .seconds(5)) {
                defer { connection.close() }
                if (try? connection.call("org.varlink.service.GetInfo")) != nil { return }
            }
            usleep(20_000)
        }
        kill()
        throw StartFailure(description: "pumpd did not answer on \(socket) within \(Int(timeout)) s:\n\(logTail())")
    }

    /// SIGKILL: no shutdown, no final checkpoint (a crash or power cut).
    public func kill() {
        guard let process else { return }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGTERM, as systemd stops it; SIGKILL after 30 s. Returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        guard let process else { return -1 }
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    public var isRunning: Bool { process?.isRunning ?? false }

    /// Stops pumpd if it runs and removes its state directory.
    public func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    /// The last `lines` lines pumpd printed, without the harness's own time advances.
    public func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.contains("advancing simulated time by") && !$0.contains("simulated time advance cut short") }
            .suffix(lines).joined(separator: "\n")
    }

    /// pumpd beside the running executable (as `swift build` and an install lay them out), else
    /// the one on PATH.
    public static func besideThisExecutable() -> String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let sibling = here.appendingPathComponent("pumpd").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/pumpd"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return sibling
    }
}
