import CPumpSys
#if canImport(Glibc)
import Glibc
#endif

/// Which CPUs threads of this process may run on (sched_setaffinity): how a rig keeps one CPU for
/// the control loop (`[realtime] cpu`). The loop thread pins itself to that CPU; every other thread
/// of pumpd is kept off it, and threads they start inherit that.
public enum CPUAffinity {
    /// Mask words: CPUs 0…1023, the profile key's range.
    static let words = 16

    /// The CPUs the thread `tid` (0: the calling thread) may run on, ascending.
    public static func allowedCPUs(ofThread tid: Int32 = 0) throws(CPUAffinityError) -> [Int] {
        var mask = [UInt64](repeating: 0, count: words)
        let rc = pump_get_affinity(tid, &mask, Int32(words))
        guard rc == 0 else { throw CPUAffinityError(operation: "reading the CPUs of thread \(tid)", errno: -rc) }
        return (0..<(words * 64)).filter { mask[$0 / 64] & (1 << UInt64($0 % 64)) != 0 }
    }

    /// The CPUs a thread of this process may be pinned to: online and in its cpuset, whether or not
    /// its affinity includes them now (an `isolcpus=` CPU does not, and is pinnable). Found by
    /// trying each configured CPU on the calling thread, whose CPUs are then restored.
    public static func pinnableCPUs() throws(CPUAffinityError) -> [Int] {
        let current = try allowedCPUs()
        defer { try? set(tid: 0, cpus: current, operation: "restoring the thread's CPUs") }
        let configured = min(max(sysconf(Int32(_SC_NPROCESSORS_CONF)), 1), words * 64)
        return (0..<configured).filter { (try? set(tid: 0, cpus: [$0], operation: "")) != nil }
    }

    /// Runs the calling thread on `cpu` alone.
    public static func pinCallingThread(to cpu: Int) throws(CPUAffinityError) {
        try set(tid: 0, cpus: [cpu], operation: "pinning the thread to CPU \(cpu)")
    }

    /// Takes `cpu` out of the CPUs of every thread of this process except one pinned to it alone
    /// (the loop's, when it already runs). Threads started later inherit their creator's CPUs. A
    /// thread that ends meanwhile is skipped.
    ///
    /// - Throws: when a thread's CPUs cannot be changed.
    public static func keepThreads(off cpu: Int) throws(CPUAffinityError) {
        for tid in threadIDs() {
            let allowed: [Int]
            do { allowed = try allowedCPUs(ofThread: tid) } catch where error.errno == ESRCH { continue }
            guard allowed.contains(cpu), allowed != [cpu] else { continue }
            do {
                try set(tid: tid, cpus: allowed.filter { $0 != cpu }, operation: "keeping thread \(tid) off CPU \(cpu)")
            } catch where error.errno == ESRCH {}
        }
    }

    /// The thread ids of this process (/proc/self/task).
    public static func threadIDs() -> [Int32] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var ids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let id = Int32(name) { ids.append(id) }
        }
        return ids
    }

    private static func set(tid: Int32, cpus: [Int], operation: String) throws(CPUAffinityError) {
        var mask = [UInt64](repeating: 0, count: words)
        for cpu in cpus where cpu >= 0 && cpu < words * 64 { mask[cpu / 64] |= 1 << UInt64(cpu % 64) }
        let rc = pump_set_affinity(tid, mask, Int32(words))
        guard rc == 0 else { throw CPUAffinityError(operation: operation, errno: -rc) }
    }
}
