import Foundation
import Testing

/// The real pumpctl binary against the real daemon: what a script would run.
@Suite struct PumpctlAgainstDaemonTests {
    static let pumpctl = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd).deletingLastPathComponent().appendingPathComponent("pumpctl").path

    static func pumpctl(_ arguments: [String], socket: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pumpctl)
        process.arguments = ["--socket", socket] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func aScriptProgramsThePumpAndReadsItsStateWithExitCodesItCanRelyOn() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        let program = [
            "program", "--drug", "baclofen", "--concentration", "2000ug/ml", "--daily-dose", "500ug", "--max-daily-dose", "1mg",
            "--max-hourly-dose", "100ug", "--max-bolus", "50ug", "--low-reservoir", "2ml",
        ]
        // Without --yes and with no terminal to ask, nothing is committed.
        #expect(try Self.pumpctl(program, socket: daemon.socket).status == 2)
        #expect(try daemon.status()["programmed"] == false)
        let committed = try Self.pumpctl(program + ["--yes"], socket: daemon.socket)
        #expect(committed.status == 0, "\(committed.output)")
        #expect(try daemon.status()["mode"] == "running")

        let refused = try Self.pumpctl(["bolus", "--dose", "60ug", "--duration", "10min"], socket: daemon.socket)
        #expect(refused.status == 1 && refused.output.contains("bolus.dose") && refused.output.contains("50"), "\(refused.output)")
        let status = try Self.pumpctl(["status", "--json"], socket: daemon.socket)
        #expect(status.status == 0 && status.output.contains("\"mode\":\"running\""), "\(status.output)")
        #expect(try Self.pumpctl(["status"], socket: daemon.stateDirectory + "/no-such.sock").status == 6)
    }

    /// A program that runs: 500 µg/day, bolus limit 50 µg.
    static let program = [
        "program", "--drug", "baclofen", "--concentration", "2000ug/ml", "--daily-dose", "500ug", "--max-daily-dose", "1mg",
        "--max-hourly-dose", "100ug", "--max-bolus", "50ug", "--low-reservoir", "2ml", "--yes",
    ]

    @Test func jsonViolationsCarryTheWireIntegers() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        #expect(try Self.pumpctl(Self.program, socket: daemon.socket).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pumpctl)
        process.arguments = ["--socket", daemon.socket, "--json", "bolus", "--dose", "60ug", "--duration", "10min"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["error"] as? String == "io.pumpd.Pump.LimitExceeded", "\(String(decoding: data, as: UTF8.self))")
        let violation = (object?["parameters"] as? [String: Any])?["violation"] as? [String: Any]
        let amount = violation?["amount"] as? [String: Any]
        #expect(amount?["unit"] as? String == "ng")
        #expect((amount?["actual"] as? NSNumber)?.int64Value == 60_000)
        #expect((amount?["limit"] as? NSNumber)?.int64Value == 50_000)
    }

    /// Waits (bounded) until `file` contains `text`.
    static func wait(for text: String, in file: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? String(contentsOfFile: file, encoding: .utf8))?.contains(text) == true { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func watchReconnectsAcrossAPumpdRestartAndShowsTheGapAndWhatWasLoggedInIt() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        #expect(try Self.pumpctl(Self.program, socket: daemon.socket).status == 0)
        let output = daemon.stateDirectory + "-watch.out"
        FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: Self.pumpctl)
        watch.arguments = ["--socket", daemon.socket, "watch"]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        watch.standardOutput = handle
        watch.standardError = handle
        watch.standardInput = FileHandle.nullDevice
        try watch.run()
        defer {
            if watch.isRunning { kill(watch.processIdentifier, SIGKILL) }
            watch.waitUntilExit()
        }
        #expect(Self.wait(for: "watching pumpd on", in: output))
        #expect(daemon.stop() == 0)
        #expect(Self.wait(for: "reconnecting (Ctrl-C to stop)", in: output), "\((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        // pumpd stays down past the first retries (0.25 s, then 0.5 s): they find no socket, and
        // the watch must keep waiting for it rather than end as if pumpd had never run.
        Thread.sleep(forTimeInterval: 1.5)
        #expect(watch.isRunning, "\((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        try daemon.start()  // same state directory: the restart logs `restored` while no one watches
        #expect(Self.wait(for: "-- connection lost at", in: output), "\((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        #expect(Self.wait(for: "restored", in: output))
        #expect(watch.isRunning)
        // SIGTERM ends it even though this test runner starts children with signals blocked.
        watch.terminate()
        let deadline = Date().addingTimeInterval(10)
        while watch.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!watch.isRunning)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("reconnecting (Ctrl-C to stop)") && text.contains("events in the gap: see pumpctl history --since"), "\(text)")
    }
}
