import PumpProfile
import PumpWire
import Synchronization
import Varlink
import VarlinkCodable

/// The GetStatus reply last built for each role, encoded once: served again, byte for byte, while
/// the loop has published no newer session and no save has ended (what a status is built from).
final class StatusReplyCache: Sendable {
    struct Key: Hashable {
        /// `SessionPublisher.generation` of the session it shows.
        var generation: UInt64
        /// `StateKeeper.savesEnded` when it was built: today's stored hours.
        var savesEnded: Int64
        var role: AccessRole
    }

    struct Entry: Sendable {
        var key: Key
        /// The `status` parameter.
        var status: JSONValue
        /// The whole reply message, without its NUL.
        var reply: [UInt8]
    }

    private let entries = Mutex<[AccessRole: Entry]>([:])

    func lookup(_ key: Key) -> Entry? {
        entries.withLock { entries in entries[key.role].flatMap { $0.key == key ? $0 : nil } }
    }

    /// Encodes `status` once, keeps it for its role unless a newer one is kept, and returns it.
    func store(_ status: WireStatus, key: Key) -> Entry {
        let value = WireCoding.encode(status)
        let entry = Entry(key: key, status: value, reply: VarlinkReply(parameters: ["status": value]).serialized())
        entries.withLock { entries in
            if let kept = entries[key.role], kept.key.generation > key.generation || kept.key.savesEnded > key.savesEnded { return }
            entries[key.role] = entry
        }
        return entry
    }
}
