import NIOCore
import Synchronization

/// The open client connections: enforces `maxConnections` and lets shutdown close them all.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var isAdmitting = true
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Registers `channel` unless the limit is reached or shutdown has begun.
    func admit(_ channel: any Channel) -> Bool {
        state.withLock { state in
            guard state.isAdmitting, state.channels.count < limit else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func remove(_ channel: any Channel) {
        state.withLock { _ = $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Stops admitting and returns the connections still open.
    func stopAdmitting() -> [any Channel] {
        state.withLock { state in
            state.isAdmitting = false
            return Array(state.channels.values)
        }
    }
}
