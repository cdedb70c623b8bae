import PumpCore
public import PumpStorage
import PumpWire
import Varlink

/// A change that is not a therapy event (a rig fault switched, simulated time advanced), as the
/// event log records it: kind, summary, detail (JSON text), who made it, and when.
struct AuditRecord: Sendable {
    let kind: WireEventKind
    let summary: String
    let detail: String
    let actor: ChangeActor
    let time: CivilTime

    init(kind: WireEventKind, summary: String, detail: JSONObject, actor: ChangeActor, at time: CivilTime) {
        self.kind = kind
        self.summary = summary
        self.detail = String(decoding: JSONValue.object(detail).serialized(), as: UTF8.self)
        self.actor = actor
        self.time = time
    }

    /// Appends the record to `transaction`; the stored event.
    func append(to transaction: borrowing StorageTransaction) throws(StorageError) -> StoredEvent {
        let sequence = try transaction.appendEvent(
            wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: kind.rawValue, summary: summary,
            detail: detail, actor: actor)
        return StoredEvent(
            sequence: sequence, wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: kind.rawValue,
            summary: summary, detail: detail, actor: actor)
    }
}
