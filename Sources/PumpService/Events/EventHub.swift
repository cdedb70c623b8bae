import PumpStorage
import Synchronization

/// Hands every logged event to the watchers. Each watcher has a bounded queue; a watcher that
/// falls that far behind is cut off (its stream ends) instead of slowing anyone else.
final class EventHub: Sendable {
    static let queueLimit = 1024
    private let watchers = Mutex<(next: Int, streams: [Int: AsyncStream<StoredEvent>.Continuation])>((0, [:]))

    /// A stream of every event published from now on.
    func subscribe() -> AsyncStream<StoredEvent> {
        let (stream, continuation) = AsyncStream<StoredEvent>.makeStream(bufferingPolicy: .bufferingOldest(Self.queueLimit))
        let id = watchers.withLock { watchers in
            let id = watchers.next
            watchers.next += 1
            watchers.streams[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.watchers.withLock { _ = $0.streams.removeValue(forKey: id) } }
        return stream
    }

    func publish(_ events: [StoredEvent]) {
        guard !events.isEmpty else { return }
        let streams = watchers.withLock { Array($0.streams) }
        for (_, continuation) in streams {
            for event in events {
                if case .dropped = continuation.yield(event) {
                    continuation.finish()
                    break
                }
            }
        }
    }

    var watcherCount: Int { watchers.withLock { $0.streams.count } }
}
