public import PumpCore
public import PumpStorage
import VarlinkCodable

/// A stored checkpoint's document decoded ahead of the restore (while the state's checks run), and
/// the checkpoint it was decoded from: the restore takes it only for a checkpoint equal to that
/// one, which decodes to the same value, since decoding depends on the document alone.
struct DecodedCheckpoint: Sendable {
    let stored: StoredCheckpoint
    let result: Result<TherapyCheckpoint, any Error>

    init(_ stored: StoredCheckpoint) {
        self.stored = stored
        result = Result { try Self.decode(stored) }
    }

    /// How the restore decodes a checkpoint's document (written by `JSONEncoder`): straight from
    /// its JSON value, without `JSONDecoder`'s first-use cost on the start's path.
    static func decode(_ stored: StoredCheckpoint) throws -> TherapyCheckpoint {
        try JSONValueDecoder.decode(TherapyCheckpoint.self, fromText: stored.document)
    }

    /// The decoding of `candidate`: this one's when it is the checkpoint decoded ahead (its error
    /// too), nil when it is another.
    func decoded(_ candidate: StoredCheckpoint) throws -> TherapyCheckpoint? {
        guard candidate == stored else { return nil }
        return try result.get()
    }
}
