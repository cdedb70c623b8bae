import Foundation
import Testing
import Varlink

/// A real pumpd process on the simulated rig with its own state directory and socket, driven only
/// through the socket. Restartable on the same state; stopped by SIGTERM or killed by SIGKILL.
final class RunningDaemon {
    let stateDirectory: String
    let arguments: [String]
    private(set) var process: Process?
    private(set) var output = ""
    private var pipe: Pipe?
    var socket: String { stateDirectory + "/control.sock" }

    init(arguments: [String] = [], stateDirectory: String? = nil) throws {
        self.stateDirectory = stateDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("pumpd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: self.stateDirectory, withIntermediateDirectories: true)
        self.arguments = arguments
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Starts pumpd and waits until it answers on the socket.
    @discardableResult
    func start(extra: [String] = [], timeout: Double = 60) throws -> RunningDaemon {
        try? FileManager.default.removeItem(atPath: socket)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd)
        process.arguments = ["--state-dir", stateDirectory, "--socket", socket, "--status-interval", "3600"] + arguments + extra
        process.currentDirectoryURL = PumpDaemonProcessTests.repository
        let logFile = stateDirectory + "/pumpd.log"
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { throw DaemonFailed(reason: "pumpd exited with \(process.terminationStatus): \(log)") }
            if let connection = try? VarlinkConnection(path: socket, receiveTimeout: .seconds(5)),
                (try? connection.call("org.varlink.service.GetInfo")) != nil
            {
                return self
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw DaemonFailed(reason: "pumpd did not answer within \(timeout) s: \(log)")
    }

    /// Everything the daemon wrote, across restarts.
    var log: String { (try? String(contentsOfFile: stateDirectory + "/pumpd.log", encoding: .utf8)) ?? "" }

    /// SIGTERM, and the exit status.
    @discardableResult
    func stop() -> Int32 { end(with: SIGTERM) }

    /// SIGKILL: no shutdown, no final checkpoint.
    func kill9() { end(with: SIGKILL) }

    @discardableResult
    private func end(with signal: Int32) -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// One call on a fresh connection.
    func call(_ method: String, _ parameters: JSONObject = [:]) throws -> JSONObject {
        let connection = try VarlinkConnection(path: socket, receiveTimeout: .seconds(30))
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

    /// Validates and commits `prescription`; returns the commit's reply.
    @discardableResult
    func program(_ prescription: JSONValue) throws -> JSONObject {
        let review = try call("io.pumpd.Pump.ValidatePrescription", ["prescription": prescription])
        let token = try #require(review["token"]?.stringValue)
        return try call("io.pumpd.Pump.CommitPrescription", ["prescription": prescription, "token": .string(token)])
    }

    func remove() { try? FileManager.default.removeItem(atPath: stateDirectory) }
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
