import Foundation
import PumpControl
import Testing

/// `[realtime] cpu = N`: the control loop's thread runs on CPU N alone and every other pumpd thread
/// stays off it, through start-up and API traffic; a CPU pumpd may not use refuses the start.
@Suite struct LoopCPUDaemonTests {
    static let usable = (try? CPUAffinity.allowedCPUs()) ?? []

    /// sim.toml at SCHED_FIFO 80 with the loop on `cpu`.
    static func profile(in directory: String, cpu: Int) throws -> String {
        let text = try ShippedProfileText.text()
            .replacingOccurrences(of: "priority = 0 ", with: "priority = 80 ")
            .replacingOccurrences(of: "lock_memory = false", with: "lock_memory = false\ncpu = \(cpu)")
        let path = directory + "/pinned.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Per thread of `pid`: the CPUs it may run on (sched_getaffinity) and whether it runs SCHED_FIFO.
    static func threads(of pid: Int32) -> [(tid: Int32, cpus: [Int], fifo: Bool)] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { name in
            guard let tid = Int32(name), let cpus = try? CPUAffinity.allowedCPUs(ofThread: tid),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
                  let command = stat.range(of: ")", options: .backwards)
            else { return nil }
            // Field 41, the policy (1: SCHED_FIFO), is the 39th after the command's ")".
            let fields = stat[command.upperBound...].split(separator: " ")
            return (tid, cpus, fields.count > 38 && fields[38] == "1")
        }
    }

    @Test(.enabled(if: usable.count >= 2, "needs two CPUs pumpd may use"))
    func theLoopRunsAloneOnItsCPUAndNoOtherPumpdThreadMayRunThereThroughAPITraffic() throws {
        let cpu = try #require(Self.usable.last)
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try Self.profile(in: daemon.stateDirectory, cpu: cpu), "--daily-dose", "500ug/day"])
        // Traffic through the loop (a program commit resumes its caller from the loop thread) and
        // beside it: a thread started from any of them inherits its CPUs.
        for _ in 0..<50 { _ = try daemon.call("io.pumpd.Pump.GetStatus") }
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 800))
        for _ in 0..<50 { _ = try daemon.call("io.pumpd.Pump.GetStatus") }
        let pid = try #require(daemon.pid)
        let threads = Self.threads(of: pid)
        let pinned = threads.filter { $0.cpus == [cpu] }
        #expect(pinned.count == 1, "\(threads)")
        #expect(threads.count > 1)
        for thread in threads where thread.cpus != [cpu] {
            #expect(!thread.cpus.contains(cpu) && !thread.cpus.isEmpty, "thread \(thread.tid) may run on \(thread.cpus)")
        }
        // The pinned thread is the loop's: the one SCHED_FIFO thread (when the priority was granted).
        if !daemon.log.contains("stays SCHED_OTHER") {
            #expect(threads.filter(\.fifo).map(\.tid) == pinned.map(\.tid), "\(threads)")
        }
        #expect(!daemon.log.contains("not pinned"), "\(daemon.logTail())")
        #expect(!daemon.log.contains("not kept off"), "\(daemon.logTail())")
    }

    @Test func aLoopCPUPumpdMayNotUseRefusesTheStartNamingTheKey() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loop-cpu-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let absent = 1_023  // the key's largest; no machine this runs on has it
        // --run-for: a pumpd that wrongly starts ends anyway.
        let outcome = try PumpDaemonProcessTests.run(["--profile", try Self.profile(in: directory, cpu: absent), "--run-for", "3"])
        #expect(outcome.status == 2, "\(outcome.output)")
        #expect(outcome.output.contains("error: realtime.cpu: CPU \(absent) is not one pumpd may run on here"), "\(outcome.output)")
        #expect(!outcome.output.contains("listening on"))
    }
}
