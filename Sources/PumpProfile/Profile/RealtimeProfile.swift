/// Scheduling of the control loop thread.
public struct RealtimeProfile: Hashable, Sendable {
    /// SCHED_FIFO priority 1…99; 0 keeps normal scheduling (simulated rigs only).
    public var priority: Int
    /// mlockall() so page faults cannot delay a step.
    public var lockMemory: Bool
    /// The CPU the loop thread is pinned to; nil leaves it unpinned.
    public var cpu: Int?

    public init(priority: Int, lockMemory: Bool, cpu: Int? = nil) {
        self.priority = priority
        self.lockMemory = lockMemory
        self.cpu = cpu
    }
}
