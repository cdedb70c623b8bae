import Dispatch
import NIOPosix
import PumpThreads
import Synchronization

/// A service's event-loop thread, started ahead of the service: a daemon starts it first and
/// opens its state meanwhile, so the thread's start (a millisecond of pumpd's time to its first
/// answer) and its socket's bind (``EarlyListener``) run beside that work, on another CPU when
/// there is one. The service given it owns it and shuts it down (``VarlinkService/shutdown()``).
///
/// ``start()`` returns at once; ``wait()`` returns once the thread runs. A caller that moves its
/// threads (CPU affinity) waits first, so the loop's thread is among those it moves.
public final class VarlinkEventLoop: Sendable {
    private struct State {
        var group: MultiThreadedEventLoopGroup?
        /// Work handed over before the thread ran, first and last (linked, in order). Not an
        /// array of closures: that array type's first use (~30 µs of metadata) fell on the
        /// daemon's main thread on the way to its state's open.
        var first: Waiting?
        var last: Waiting?
    }

    /// One piece of work handed over before the thread ran; only touched under the state's lock.
    private final class Waiting {
        let work: @Sendable (MultiThreadedEventLoopGroup) -> Void
        var next: Waiting?
        init(_ work: @escaping @Sendable (MultiThreadedEventLoopGroup) -> Void) { self.work = work }
    }

    private let ready = DispatchSemaphore(value: 0)
    private let state = Mutex(State())

    private init() {}

    /// Starts the thread's creation on one of pumpd's shared worker threads (never a Dispatch
    /// worker: the first would start Dispatch's worker-pool monitor, for good).
    public static func start() -> VarlinkEventLoop {
        let loop = VarlinkEventLoop()
        WorkerThreads.shared.run {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            loop.state.withLock { state in
                state.group = group
                var waiting = state.first
                state.first = nil
                state.last = nil
                while let node = waiting {
                    let work = node.work
                    group.next().execute { work(group) }
                    waiting = node.next
                }
            }
            loop.ready.signal()
        }
        return loop
    }

    /// Returns once the event-loop thread runs; at once after the first time.
    public func wait() { _ = group }

    /// Runs `work` on the loop's thread once it runs, after the work handed over before it and
    /// before any connection a listener served after this call accepts; returns at once. For
    /// one-time work a first answer would otherwise pay.
    public func run(_ work: @escaping @Sendable () -> Void) { execute { _ in work() } }

    /// Runs `work` on the loop's thread once it runs, after the work handed over before it;
    /// returns at once.
    func execute(_ work: @escaping @Sendable (MultiThreadedEventLoopGroup) -> Void) {
        state.withLock { state in
            if let group = state.group {
                group.next().execute { work(group) }
            } else {
                let node = Waiting(work)
                if let last = state.last { last.next = node } else { state.first = node }
                state.last = node
            }
        }
    }

    var group: MultiThreadedEventLoopGroup {
        if let group = state.withLock({ $0.group }) { return group }
        ready.wait()
        ready.signal()
        return state.withLock { $0.group }!
    }
}
