import Foundation
import Testing
import Varlink

/// A real pumpd process on the simulated rig with its own state directory and socket, driven only
/// through the socket; its output goes to a log in the state directory, kept across restarts.
/// Restartable on the same state; stopped by SIGTERM or killed by SIGKILL.
///
/// Sendable so that work on another thread can query it: the current process is only replaced or
/// read under a lock, and Process itself is safe to query from any thread.
final class RunningDaemon: @unchecked Sendable {
    /// What `start` waits for before it returns.
    enum Readiness {
        /// The socket answers.
        case answering
        /// The socket answers, a program is committed, the pump is delivering it, and the event
        /// log already says delivery started.
        case delivering
    }

    let stateDirectory: String
    let arguments: [String]
    /// A command pumpd is run through (its arguments first), e.g. `nsenter … --` to run it inside
    /// another mount namespace; it must exec pumpd in place, so signals reach pumpd itself.
    let launcher: [String]
    var socket: String { stateDirectory + "/control.sock" }
    private var logPath: String { stateDirectory + "/pumpd.log" }
    private let lock = NSLock()
    /// The latest process started, kept after it ends so that its termination can be read.
    private var latest: Process?
    /// The sequence number of the newest power-on self-test when a start was last found delivering.
    private var newestSelfTestSeen = Int64.min

    /// Creates a new, empty state directory; `start` starts pumpd on it. Without a start, the
    /// directory and socket path serve a pumpd a test runs by hand.
    init(arguments: [String] = [], launcher: [String] = []) throws {
        // In /tmp, whatever TMPDIR says: the socket path must fit in sockaddr_un (108 bytes).
        stateDirectory = "/tmp/pumpd-\(UUID().uuidString)"
        // pumpd creates its database but not the directory (a mistyped path must not start a pump).
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        self.arguments = arguments
        self.launcher = launcher
    }

    /// Also done at deinit, but closures on other threads may keep the object alive past the
    /// test: call it when the test is done, so no pumpd outlives its test. Safe to call again.
    func shutdown() {
        stop()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    deinit { shutdown() }

    private var process: Process? { lock.withLock { latest } }

    /// Sends `signal` to the running pumpd.
    func signal(_ signal: Int32) throws {
        guard let process, process.isRunning else { throw DaemonFailed(reason: "pumpd is not running") }
        kill(process.processIdentifier, signal)
    }

    /// Waits (bounded) until the log contains `text`.
    func waitForLog(_ text: String, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Starts pumpd and waits (at most `timeout` seconds) until it is `ready`.
    @discardableResult
    func start(
        extra: [String] = [], environment: [String: String] = [:], timeout: Double = 60, until ready: Readiness = .answering
    ) throws -> RunningDaemon {
        try? FileManager.default.removeItem(atPath: socket)
        let process = Process()
        let command = launcher + [PumpDaemonProcessTests.pumpd]
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst()) + ["--state-dir", stateDirectory, "--socket", socket, "--status-interval", "3600"]
            + arguments + extra
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = PumpDaemonProcessTests.repository
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        lock.withLock { latest = process }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { throw DaemonFailed(reason: "pumpd exited with \(process.terminationStatus):\n\(logTail())") }
            if isReady(ready) { return self }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw DaemonFailed(reason: "pumpd was not \(ready) within \(timeout) s:\n\(logTail())")
    }

    private func isReady(_ ready: Readiness) -> Bool {
        guard let connection = try? connect() else { return false }
        defer { connection.close() }
        switch ready {
        case .answering:
            return (try? connection.call("org.varlink.service.GetInfo")) != nil
        case .delivering:
            let status = try? connection.call("io.pumpd.Pump.GetStatus")["status"]?.objectValue
            guard status?["mode"]?.stringValue == "running" && status?["programmed"]?.boolValue == true else { return false }
            // The status shows the loop's session at once; the start's events are made durable
            // just after: wait for them too, so a test's baseline history is complete. pumpd may
            // answer as soon as it is ready, before the persistence task has stored this start's
            // power-on self-test: a self-test newer (by sequence) than the one the last readiness
            // saw is this start's. Over the whole history: a virtual clock may have advanced the
            // last start's past GetHistory's default 24 hours.
            let events = try? connection.call(
                "io.pumpd.Pump.GetHistory",
                parameters: ["from": "1970-01-01T00:00:00Z", "kinds": ["deliveryStarted", "selfTest"], "newest": true])["events"]?.arrayValue
            let kinds = events?.compactMap { $0["kind"]?.stringValue } ?? []
            let newestSelfTest = events?.filter { $0["kind"]?.stringValue == "selfTest" }.compactMap { $0["sequence"]?.integerValue }.max()
            guard kinds.contains("deliveryStarted"), let newestSelfTest, newestSelfTest > lock.withLock({ newestSelfTestSeen }) else { return false }
            lock.withLock { newestSelfTestSeen = newestSelfTest }
            return true
        }
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// The running pumpd's process id.
    var pid: Int32? { process.flatMap { $0.isRunning ? $0.processIdentifier : nil } }

    /// How the latest process ended, once it has: "exit 0", "signal 6".
    var termination: String? {
        guard let process, !process.isRunning else { return nil }
        return process.terminationReason == .exit ? "exit \(process.terminationStatus)" : "signal \(process.terminationStatus)"
    }

    /// SIGTERM, as an operator would stop it (SIGKILL if it has not exited within 30 s), and the
    /// exit status; -1 if it was never started.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL: no shutdown, no final checkpoint.
    func kill9() {
        guard let process else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A new well-behaved client; every reply must arrive within `receiveTimeout`.
    func connect(receiveTimeout: Duration = .seconds(5)) throws -> VarlinkConnection {
        try VarlinkConnection(path: socket, receiveTimeout: receiveTimeout)
    }

    /// One call on a fresh connection.
    func call(_ method: String, _ parameters: JSONObject = [:]) throws -> JSONObject {
        let connection = try connect(receiveTimeout: .seconds(30))
        defer { connection.close() }
        return try connection.call(method, parameters: parameters)
    }

    /// The error a call is answered with (nil if it succeeded).
    func refusal(_ method: String, _ parameters: JSONObject = [:]) throws -> VarlinkError? {
        do {
            _ = try call(method, parameters)
            return nil
        } catch let error as VarlinkError {
            return error
        }
    }

    func status() throws -> JSONObject { try #require(try call("io.pumpd.Pump.GetStatus")["status"]?.objectValue) }

    /// Reviews `refill` (ValidateRefill) and commits it with its token, accepting `accept` (nil:
    /// every warning the review raised); returns the commit's reply (result, status).
    @discardableResult
    func refill(_ refill: JSONObject, accept: [String]? = nil) throws -> JSONObject {
        let review = try call("io.pumpd.Pump.ValidateRefill", ["refill": .object(refill)])
        let token = try #require(review["token"])
        let accept = accept ?? (review["warnings"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
        var parameters: JSONObject = ["refill": .object(refill), "token": token]
        if !accept.isEmpty {
            parameters["acceptWarnings"] = .array(accept.map(JSONValue.string))
            parameters["overrideReason"] = .string("a test program at bench doses")
        }
        return try call("io.pumpd.Pump.CommitRefill", parameters)
    }

    /// Validates and commits `prescription`, accepting every warning the review raised (a
    /// bench rig's small reservoir empties within the warning horizon); returns the commit's reply.
    @discardableResult
    func program(_ prescription: JSONValue) throws -> JSONObject {
        let review = try call("io.pumpd.Pump.ValidatePrescription", ["prescription": prescription])
        let token = try #require(review["token"]?.stringValue)
        let codes = review["warnings"]?.arrayValue?.compactMap { $0["code"] } ?? []
        return try call(
            "io.pumpd.Pump.CommitPrescription",
            [
                "prescription": prescription, "token": .string(token), "acceptWarnings": .array(codes),
                "overrideReason": "a test program at bench doses",
            ])
    }

    /// Everything the daemon wrote, across restarts.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The last `lines` lines pumpd wrote.
    func logTail(lines: Int = 40) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// What a crashed pumpd printed: the fatal error and the crashed thread's frames in the
    /// package's own sources, one line each.
    func crashReport() -> String {
        let log = self.log.split(separator: "\n").map(String.init)
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
}

struct DaemonFailed: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// Prescriptions in the wire form of io.pumpd.Pump.
enum WirePrescriptions {
    /// A simple continuous program of `dailyDose` µg/day of baclofen 2000 µg/mL.
    static func continuous(microgramsPerDay dailyDose: Int64, maximumBolus: Int64 = 50_000, patientBolus: JSONValue? = nil) -> JSONValue {
        var prescription: JSONObject = [
            "drug": ["name": "baclofen", "concentration": 2000],
            "basal": ["kind": "continuous", "rate": .integer(dailyDose * 1_000)],
            "limits": [
                "maximumDailyDose": .integer(dailyDose * 1_000 * 2), "maximumHourlyDose": .integer(dailyDose * 1_000),
                "maximumBolus": .integer(maximumBolus),
            ],
            "lowReservoirAlarm": 2_000_000,
        ]
        if let patientBolus { prescription["patientBolus"] = patientBolus }
        return .object(prescription)
    }
}
