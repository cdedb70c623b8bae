import Foundation
import PumpControl
import Testing

/// Threads the control loop's thread starts (a Dispatch worker created when the loop resumes a
/// task, rings a doorbell or yields events while the pool has no idle worker) must not inherit the
/// loop's CPU or its SCHED_FIFO priority: they would compete with the loop on its own CPU, at its
/// own priority, where it cannot preempt them (issue 13 review).
@Suite struct LoopCPUWorkerTests {
    /// Threads of the pumpd in `daemon` other than its loop's that `offends` (sampled for up to
    /// 60 s, until the first is seen).
    static func offenders(
        in daemon: RunningDaemon, cpu: Int, _ offends: ((tid: Int32, cpus: [Int], fifo: Bool)) -> Bool
    ) throws -> (loop: Int32, offenders: [(tid: Int32, cpus: [Int], fifo: Bool)]) {
        // 5 mg/day: a step every 8.6 s, each waking the checkpoint task from the loop thread, with
        // the idle Dispatch workers gone (they exit after a few idle seconds) in between.
        try daemon.start(extra: [
            "--profile", try LoopCPUDaemonTests.profile(in: daemon.stateDirectory, cpu: cpu), "--daily-dose", "5000ug/day",
        ])
        let pid = try #require(daemon.pid)
        let loop = try #require(LoopCPUDaemonTests.threads(of: pid).first { $0.cpus == [cpu] }?.tid)
        var offenders: [(tid: Int32, cpus: [Int], fifo: Bool)] = []
        let deadline = Date().addingTimeInterval(60)
        while offenders.isEmpty, Date() < deadline {
            offenders = LoopCPUDaemonTests.threads(of: pid).filter { $0.tid != loop && offends($0) }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return (loop, offenders)
    }

    @Test(.enabled(if: LoopCPUDaemonTests.usable.count >= 2, "needs two CPUs pumpd may use"))
    func workerThreadsTheLoopStartsNeverRunAtItsRealTimePriority() throws {
        let cpu = try #require(LoopCPUDaemonTests.usable.last)
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let (loop, offenders) = try Self.offenders(in: daemon, cpu: cpu) { $0.fifo }
        #expect(offenders.isEmpty, "threads other than the loop's (\(loop)) at SCHED_FIFO: \(offenders)")
    }

    /// Affinity has no reset-on-fork: the loop hands what may start a thread to its relay, which
    /// runs off the loop's CPU (review R2).
    @Test(.enabled(if: LoopCPUDaemonTests.usable.count >= 2, "needs two CPUs pumpd may use"))
    func workerThreadsTheLoopStartsNeverShareItsCPU() throws {
        let cpu = try #require(LoopCPUDaemonTests.usable.last)
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let (loop, offenders) = try Self.offenders(in: daemon, cpu: cpu) { $0.cpus.contains(cpu) }
        #expect(offenders.isEmpty, "threads other than the loop's (\(loop)) on CPU \(cpu): \(offenders)")
    }
}
