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
        #expect(try Self.pumpctl(["status"], socket: daemon.stateDirectory + "/no-such.sock").status == 3)
    }

    @Test func jsonViolationsCarryTheWireIntegers() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        let program = [
            "program", "--drug", "baclofen", "--concentration", "2000ug/ml", "--daily-dose", "500ug", "--max-daily-dose", "1mg",
            "--max-hourly-dose", "100ug", "--max-bolus", "50ug", "--low-reservoir", "2ml", "--yes",
        ]
        #expect(try Self.pumpctl(program, socket: daemon.socket).status == 0)
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
}
