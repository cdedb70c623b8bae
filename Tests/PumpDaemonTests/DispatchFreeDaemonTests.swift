import Foundation
import Testing

/// pumpd's tasks, timers, storage writes and state-file watch run on threads it owns: libdispatch's
/// first pool worker would start Dispatch's worker-pool monitor, a 1 s timer that wakes an idle
/// pumpd for as long as it runs (issue 13).
@Suite struct DispatchFreeDaemonTests {
    /// The threads of `pid` that libdispatch made: its pool's workers are named after their root
    /// queue (`com.apple.root.default-qos.overcommit`, cut to its last 15 bytes), its manager
    /// `com.apple.libdispatch-manager`.
    static func dispatchThreads(of pid: Int32) -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { tid in
            guard let name = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/comm", encoding: .utf8) else { return nil }
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.contains("qos") || trimmed.contains("dispatch") ? "\(tid) \(trimmed)" : nil
        }
    }

    @Test func noDispatchWorkerIsEverStartedThroughStartCallsChangesBolusesAndAReload() throws {
        let daemon = try RunningDaemon().start(extra: ["--profile", "hw-profiles/sim.toml", "--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        let pid = try #require(daemon.pid)
        for _ in 0..<20 { _ = try daemon.call("io.pumpd.Pump.GetStatus") }
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 800))
        _ = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 1_000, "duration": 2])
        _ = try daemon.call("io.pumpd.Pump.GetHistory")
        _ = try daemon.call("io.pumpd.Pump.GetAlarms")
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("reload"), "\(daemon.logTail())")
        // Past the bolus's end and a storage watchdog check: timers have fired too.
        Thread.sleep(forTimeInterval: 2.5)
        #expect(Self.dispatchThreads(of: pid).isEmpty, "libdispatch's threads: \(Self.dispatchThreads(of: pid))")
        #expect(daemon.stop() == 0, "\(daemon.logTail())")
        #expect(daemon.log.contains("state saved"))
    }
}
