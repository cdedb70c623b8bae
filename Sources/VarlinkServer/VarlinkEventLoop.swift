import Dispatch
import NIOPosix
import PumpThreads
import Synchronization

/// A service's event-loop thread, started ahead of the service: a daemon starts it first and
/// opens its state meanwhile, so the thread's start (a millisecond of pumpd's time to its first
/// answer) runs beside that work, on another CPU when there is one. The service given it owns it
/// and shuts it down (``VarlinkService/shutdown()``).
///
/// ``start()`` returns at once; ``wait()`` returns once the thread runs. A caller that moves its
/// threads (CPU affinity) waits first, so the loop's thread is among those it moves.
public final class VarlinkEventLoop: Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private let created = Mutex<MultiThreadedEventLoopGroup?>(nil)

    private init() {}

    /// Starts the thread's creation on one of pumpd's shared worker threads (never a Dispatch
    /// worker: the first would start Dispatch's worker-pool monitor, for good).
    public static func start() -> VarlinkEventLoop {
        let loop = VarlinkEventLoop()
        WorkerThreads.shared.run {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            loop.created.withLock { $0 = group }
            loop.ready.signal()
        }
        return loop
    }

    /// Returns once the event-loop thread runs; at once after the first time.
    public func wait() { _ = group }

    var group: MultiThreadedEventLoopGroup {
        if let group = created.withLock({ $0 }) { return group }
        ready.wait()
        ready.signal()
        return created.withLock { $0 }!
    }
}
