import NIOCore
import Synchronization

/// The open client connections: enforces `maxConnections`, the slots reserved per
/// ``ConnectionPriority`` and `maxConnectionsPerUser`, and lets shutdown close them all.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var owners: [ObjectIdentifier: UInt32] = [:]
        var perUser: [UInt32: Int] = [:]
        var isAdmitting = true
    }

    private let state = Mutex(State())
    private let limits: VarlinkService.Limits

    init(limits: VarlinkService.Limits) {
        self.limits = limits
    }

    /// Counts `channel` against its user's limit and its priority's share once its peer is known;
    /// false when that user already holds as many connections as allowed, or when the served
    /// connections (those already claimed; this one would be one more) leave no slot `priority`
    /// may use. A refused connection stops counting at once (not only once its close completes),
    /// so a flood of refused connections never holds slots a higher priority needs.
    func claim(_ channel: any Channel, uid: UInt32, priority: ConnectionPriority) -> Bool {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            guard state.channels[key] != nil else { return false }
            guard state.perUser[uid, default: 0] < limits.maxConnectionsPerUser, state.owners.count < limits.capacity(for: priority)
            else {
                state.channels[key] = nil
                return false
            }
            state.owners[key] = uid
            state.perUser[uid, default: 0] += 1
            return true
        }
    }

    /// Registers `channel` unless the limit is reached or shutdown has begun.
    func admit(_ channel: any Channel) -> Bool {
        state.withLock { state in
            guard state.isAdmitting, state.channels.count < limits.maxConnections else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func remove(_ channel: any Channel) {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            state.channels[key] = nil
            if let uid = state.owners.removeValue(forKey: key) {
                state.perUser[uid, default: 1] -= 1
                if state.perUser[uid] == 0 { state.perUser[uid] = nil }
            }
        }
    }

    /// Stops admitting and returns the connections still open.
    func stopAdmitting() -> [any Channel] {
        state.withLock { state in
            state.isAdmitting = false
            return Array(state.channels.values)
        }
    }
}
