import PumpProfile
import Testing

/// `[realtime] cpu`: the CPU the control loop runs on alone. The decoder refuses what no machine
/// has; `cpuIssue` refuses what this machine does not let pumpd use, naming the key.
@Suite struct LoopCPUProfileTests {
    func realtime(cpu: String) throws -> String {
        try ProfileTestSupport.variant(of: "sim-bench.toml", replacing: "lock_memory = true", with: "lock_memory = true\ncpu = \(cpu)")
    }

    @Test func aLoopCPUOnTheMachineIsAcceptedAndKept() throws {
        guard case .success(let profile) = HardwareProfile.parse(text: try realtime(cpu: "1"), file: ProfileTestSupport.inProfiles("test.toml"))
        else { Issue.record("refused"); return }
        #expect(profile.realtime.cpu == 1)
        #expect(profile.realtime.cpuIssue(pinnableCPUs: [0, 1], processCPUs: [0, 1]) == nil)
    }

    @Test(arguments: ["-1", "1024", "\"1\"", "1.5"])
    func aLoopCPUNoMachineHasIsRefusedNamingTheKey(cpu: String) throws {
        let issues = ProfileTestSupport.issues(try realtime(cpu: cpu))
        #expect(issues.map(\.keyPath) == ["realtime.cpu"], "\(issues)")
    }

    @Test func aLoopCPUThisMachineDoesNotLetPumpdUseIsRefusedNamingTheKeyAndTheUsableCPUs() throws {
        let profile = RealtimeProfile(priority: 80, lockMemory: true, cpu: 3)
        let issue = try #require(profile.cpuIssue(pinnableCPUs: [0, 1, 2, 5], processCPUs: [0, 1, 2, 5]))
        #expect(issue.keyPath == "realtime.cpu")
        #expect(issue.kind == .hardware)
        #expect(issue.message == "CPU 3 is not one pumpd may run on here (online and allowed: CPUs 0-2,5)")
    }

    @Test func anIsolatedCPUOutsidePumpdsAffinityIsAcceptedForTheLoop() {
        // isolcpus=3: CPU 3 is left out of every process's affinity, yet a thread may be pinned to it.
        #expect(RealtimeProfile(priority: 80, lockMemory: true, cpu: 3).cpuIssue(pinnableCPUs: [0, 1, 2, 3], processCPUs: [0, 1, 2]) == nil)
    }

    @Test func theOnlyCPUPumpdRunsOnIsRefusedForTheLoopSinceItsOtherThreadsWouldHaveNone() throws {
        let issue = try #require(RealtimeProfile(priority: 80, lockMemory: true, cpu: 1).cpuIssue(pinnableCPUs: [0, 1], processCPUs: [1]))
        #expect(issue.keyPath == "realtime.cpu")
        #expect(issue.message == "CPU 1 is the only CPU pumpd runs on here: pinning the loop to it leaves none for pumpd's other threads")
    }

    @Test func anUnpinnedLoopHasNoCPUIssueAnywhere() {
        #expect(RealtimeProfile(priority: 80, lockMemory: true).cpuIssue(pinnableCPUs: [], processCPUs: []) == nil)
    }
}
