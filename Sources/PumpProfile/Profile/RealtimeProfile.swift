public import PumpCore

/// Scheduling of the control loop thread.
public struct RealtimeProfile: Hashable, Sendable {
    /// SCHED_FIFO priority 1…99; 0 keeps normal scheduling (simulated rigs only).
    public var priority: Int
    /// mlockall() so page faults cannot delay a step.
    public var lockMemory: Bool
    /// The CPU the loop thread is pinned to; nil leaves it unpinned.
    public var cpu: Int?
    /// A wake of the control loop later than this (real time) after its deadline is a stall, logged
    /// as an event with its duration and missed volume (`stall_threshold_ms`, default 1 s).
    public var stallThreshold: TimeSpan

    public static let defaultStallThreshold = TimeSpan.seconds(1)

    public init(priority: Int, lockMemory: Bool, cpu: Int? = nil, stallThreshold: TimeSpan = Self.defaultStallThreshold) {
        self.priority = priority
        self.lockMemory = lockMemory
        self.cpu = cpu
        self.stallThreshold = stallThreshold
    }

    /// What is wrong with `cpu` where a pumpd thread may be pinned to `pinnableCPUs` (online, and
    /// in its cpuset: an `isolcpus=` CPU is one, outside the default affinity but pinnable) and pumpd
    /// now runs on `processCPUs`; nil when the loop can have it. Its other threads need another CPU.
    public func cpuIssue(pinnableCPUs: [Int], processCPUs: [Int]) -> ProfileIssue? {
        guard let cpu else { return nil }
        if !pinnableCPUs.contains(cpu) {
            return ProfileIssue(
                keyPath: "realtime.cpu", location: nil, kind: .hardware,
                message: "CPU \(cpu) is not one pumpd may run on here (online and allowed: CPUs \(CPUList(pinnableCPUs)))")
        }
        if processCPUs.allSatisfy({ $0 == cpu }) {
            return ProfileIssue(
                keyPath: "realtime.cpu", location: nil, kind: .hardware,
                message: "CPU \(cpu) is the only CPU pumpd runs on here: pinning the loop to it leaves none for pumpd's other threads")
        }
        return nil
    }
}
