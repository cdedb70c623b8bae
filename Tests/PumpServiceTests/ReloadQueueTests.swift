import Synchronization
import Testing

@testable import PumpService

/// SIGHUP and io.pumpd.Pump.Reload share one queue: however many are asked for at once, one runs
/// at a time, and each gets its own result.
@Suite struct ReloadQueueTests {
    final class Overlap: Sendable {
        let state = Mutex((inside: 0, most: 0, ran: 0))

        func enter() { state.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) } }
        func leave() { state.withLock { $0.inside -= 1; $0.ran += 1 } }
    }

    @Test func reloadsAskedForAtOnceRunOneAtATime() async {
        let queue = ReloadQueue()
        let overlap = Overlap()
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<32 {
                group.addTask {
                    await queue.run {
                        overlap.enter()
                        // Suspends mid-reload, as a reload does while the loop and the store work.
                        for _ in 0..<20 { await Task.yield() }
                        overlap.leave()
                        return index
                    }
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<32))
        let state = overlap.state.withLock { $0 }
        #expect(state.ran == 32 && state.most == 1, "\(state)")
    }
}
