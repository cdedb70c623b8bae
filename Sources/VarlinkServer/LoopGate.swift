import NIOCore
import Synchronization

/// The only way work from handler tasks reaches an event loop: once the service has shut down
/// (and may have shut its loops down) the gate is closed and the work is refused instead of being
/// scheduled on a dead loop.
final class LoopGate: Sendable {
    private let isOpen = Mutex(true)

    /// Runs `work` on `loop` unless the gate is closed; returns whether it was scheduled.
    @discardableResult
    func execute(on loop: any EventLoop, _ work: @escaping @Sendable () -> Void) -> Bool {
        isOpen.withLock { open in
            if open { loop.execute(work) }
            return open
        }
    }

    /// Runs `work` on `loop` and returns its future, or nil when the gate is closed.
    func flatSubmit<Value: Sendable>(
        on loop: any EventLoop, _ work: @escaping @Sendable () -> EventLoopFuture<Value>
    ) -> EventLoopFuture<Value>? {
        isOpen.withLock { open in open ? loop.flatSubmit(work) : nil }
    }

    func close() { isOpen.withLock { $0 = false } }
}
