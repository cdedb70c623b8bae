import Foundation
import Varlink

/// A real `pumpd` on the simulated rig, in a temporary state directory with its own control
/// socket, delivering a `--daily-dose` program; its output goes to a log file for diagnostics.
/// Immutable after start (Process is safe to query from any thread), hence Sendable.
final class DaemonUnderTest: @unchecked Sendable {
    struct StartFailed: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    let socketPath: String
    let logPath: String
    private let process: Process

    /// Starts pumpd and waits (at most `within`) until its socket answers and the program runs.
    init(dailyDose: Int = 500, timeScale: Int = 100, within limit: Duration = .seconds(30)) throws {
        // Short: a Unix socket path must fit in sockaddr_un (108 bytes).
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("pumpd-fz-\(UUID().uuidString.prefix(8))")
        // pumpd creates its database but not the directory (a mistyped path must not start a pump).
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("state"), withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("control.sock").path
        logPath = directory.appendingPathComponent("pumpd.log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd)
        process.arguments = [
            "--profile", "hw-profiles/sim.toml", "--state-dir", directory.appendingPathComponent("state").path,
            "--socket", socketPath, "--daily-dose", "\(dailyDose)", "--time-scale", "\(timeScale)", "--status-interval", "3600",
        ]
        process.currentDirectoryURL = PumpDaemonProcessTests.repository
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = ContinuousClock.now + limit
        while true {
            if !process.isRunning { throw StartFailed(description: "pumpd exited at start:\n\(logTail())") }
            if let status = try? Self.status(at: socketPath), status["mode"]?.stringValue == "running",
                status["programmed"]?.boolValue == true
            {
                break
            }
            if ContinuousClock.now > deadline {
                stop()
                throw StartFailed(description: "pumpd did not start delivering within \(limit):\n\(logTail())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Also done at deinit, but closures on other threads may keep the object alive past the
    /// test: call it when the test is done, so no pumpd outlives its test.
    func shutdown() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { shutdown() }

    var isRunning: Bool { process.isRunning }

    /// How the process ended, once it has: "exit 0", "signal 6".
    var termination: String? {
        if process.isRunning { return nil }
        return process.terminationReason == .exit ? "exit \(process.terminationStatus)" : "signal \(process.terminationStatus)"
    }

    /// A new well-behaved client; every reply must arrive within `receiveTimeout`.
    func connect(receiveTimeout: Duration = .seconds(5)) throws -> VarlinkConnection {
        try VarlinkConnection(path: socketPath, receiveTimeout: receiveTimeout)
    }

    /// Stops pumpd as an operator would (SIGTERM), killing it if it has not exited within 10 s.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The last `lines` lines pumpd wrote.
    func logTail(lines: Int = 40) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// What a crashed pumpd printed: the fatal error and the crashed thread's frames in the
    /// package's own sources, one line each.
    func crashReport() -> String {
        let log = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        var lines = log.filter { $0.contains("Fatal error") || $0.contains("runtime failure") }
        if let crashed = log.firstIndex(where: { $0.hasPrefix("Thread ") && $0.hasSuffix("crashed:") }) {
            lines.append(log[crashed])
            for frame in log[(crashed + 1)...].prefix(14) where frame.contains("/Sources/") {
                let function =
                    frame.range(of: #"0x[0-9a-f]+ "#, options: .regularExpression).map { String(frame[$0.upperBound...]) } ?? frame
                lines.append("  " + function.replacingOccurrences(of: PumpDaemonProcessTests.repository.path + "/", with: ""))
            }
        }
        var seen = Set<String>()
        lines = lines.filter { seen.insert($0).inserted }
        return lines.isEmpty ? logTail(lines: 20) : lines.joined(separator: "\n")
    }

    private static func status(at path: String) throws -> JSONObject? {
        let connection = try VarlinkConnection(path: path, receiveTimeout: .seconds(2))
        return try connection.call("io.pumpd.Pump.GetStatus")["status"]?.objectValue
    }
}

/// Runs blocking socket work on a thread of its own, never on Swift concurrency's cooperative
/// threads (which a blocking wait would starve).
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
