import Synchronization

/// The session the loop last published, for readers on other threads (status replies), taken
/// without waking the loop and without making the loop's thread allocate.
///
/// A published copy shares the session's array storage with the loop's own session: were a
/// reader's copy still alive when the loop next changed an array, that change would copy the array
/// (an allocation on the real-time thread). So readers only borrow a snapshot (`read`: `body`
/// must not keep the session or anything holding its arrays), and before a wake changes the session
/// the loop withdraws the snapshot no reader holds (`withdraw`), publishing afresh at the wake's
/// end. Only a reader inside `read` at that instant costs the loop a copy. Between the two, `read`
/// answers nil: the state is being changed, and is published again within the wake.
///
/// One publishing thread (the loop's); any number of readers. Neither side ever waits on the other
/// longer than a lock held for a few reference swaps.
public final class SessionPublisher: @unchecked Sendable {
    /// A snapshot as published; a reader holds it only inside `read`.
    final class Slot: @unchecked Sendable {
        var snapshot: SessionSnapshot?
        init(_ snapshot: SessionSnapshot?) { self.snapshot = snapshot }
    }

    private let current: Mutex<Slot>
    /// Publishing thread only: the slot to publish in when a reader still holds `current`.
    private var spare = Slot(nil)
    private let generationStore = Atomic<UInt64>(1)

    /// Publishes `first` as generation 1.
    public init(_ first: SessionSnapshot) {
        var first = first
        first.generation = 1
        current = Mutex(Slot(first))
    }

    /// The generation of the snapshot last published (1 for the first, then one more per publish):
    /// a reader's key for what it built from a snapshot. Never behind the snapshot `read` gives
    /// after it was loaded.
    public var generation: UInt64 { generationStore.load(ordering: .acquiring) }

    /// Calls `body` with the snapshot last published; nil while the loop has withdrawn it for a
    /// wake under way (it is published again at the wake's end).
    public func read<Result>(_ body: (SessionSnapshot) -> Result) -> Result? {
        var held: Slot? = current.withLock { $0 }
        let result = held!.snapshot.map(body)
        // Let go under the lock: the publisher, which changes a slot only when it alone holds it
        // (checked under the lock), then sees every read of it finished.
        current.withLock { _ in held = nil }
        return result
    }

    /// A copy of the snapshot last published (nil while withdrawn), for readers that keep it; see
    /// the type's note on what a kept copy costs the loop.
    public var latest: SessionSnapshot? { read { $0 } }

    /// Publishes `snapshot` as the next generation (publishing thread). Allocates only when
    /// readers hold both slots at once.
    ///
    /// Takes `snapshot` and moves it into the slot: a copy (a retain of each of the session's
    /// references, and a release of each when the copy goes) cost the loop's full wake about a
    /// fifth of its instructions when it was made three times over (issue 13).
    public func publish(_ snapshot: consuming SessionSnapshot) {
        let generation = generationStore.load(ordering: .relaxed) &+ 1
        snapshot.generation = generation
        var incoming: SessionSnapshot? = consume snapshot
        var replaced: SessionSnapshot?
        current.withLock { slot in
            if !isKnownUniquelyReferenced(&slot) {
                // A reader holds it: publish in the spare; the held one becomes the spare.
                if !isKnownUniquelyReferenced(&spare) { spare = Slot(nil) }
                swap(&slot, &spare)
            }
            // Usually withdrawn (nil): then there is nothing to move out.
            if slot.snapshot != nil { replaced = slot.snapshot.take() }
            slot.snapshot = incoming.take()
        }
        generationStore.store(generation, ordering: .releasing)
        // `replaced` (usually nil: withdrawn) is released here, outside the lock.
        _ = replaced
    }

    /// Withdraws the published snapshot unless a reader holds it, so the session's arrays are the
    /// loop's alone again and its next change of them needs no copy (publishing thread, before a
    /// wake changes the session). Never waits: with the lock taken by a reader it leaves it.
    public func withdraw() {
        var withdrawn: SessionSnapshot?
        _ = current.withLockIfAvailable { slot in
            if isKnownUniquelyReferenced(&slot) { swap(&slot.snapshot, &withdrawn) }
        }
        if isKnownUniquelyReferenced(&spare), spare.snapshot != nil { spare.snapshot = nil }
        // `withdrawn` shares the loop's arrays (nothing is freed here) unless a reader held them
        // across a change, which already copied them.
        _ = withdrawn
    }
}
