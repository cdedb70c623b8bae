#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A small record of 64-bit words kept in a file that is memory-mapped shared, as a battery-backed
/// RAM or FRAM counter would keep it on a board: every update is a store into the page cache, so
/// it survives SIGKILL of the process with no system call on the path that updates it (not a
/// kernel crash or a power cut, which may lose the latest updates).
///
/// Two slots are written alternately, each with a sequence number and a checksum written
/// last; a kill in the middle of an update leaves the other slot intact, and the newer intact slot
/// is what a reopen reads. A file with another magic, version or length, or with no intact slot,
/// is refused (`MappedRecordError`), never overwritten.
///
/// Layout (native-endian 64-bit words): magic, version, word count, then per slot: sequence,
/// `wordCount` words, checksum. Callers serialise writes.
public final class MappedRecordFile: @unchecked Sendable {
    public let path: String
    public let wordCount: Int
    private let base: UnsafeMutablePointer<UInt64>
    private let length: Int
    /// The descriptor that holds the exclusive lock (`open`'s `exclusive`), or -1.
    private let lock: Int32
    /// The sequence of the slot last written; the next write goes to the other slot.
    private var sequence: UInt64
    /// Set by `releaseLock`: writes are dropped from then on (another process may own the file).
    private let released = Atomic(false)

    /// Unreadable records an `open` starts afresh in place (truncated and rewritten, same inode)
    /// rather than refuses.
    public struct Unreadable: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Another magic, version or length (`MappedRecordError.foreign`).
        public static let foreign = Unreadable(rawValue: 1)
        /// No intact slot (`MappedRecordError.damaged`).
        public static let damaged = Unreadable(rawValue: 2)
    }

    /// Opens `path` (a file of `magic`, `version` and `wordCount` words), creating it (mode 0600)
    /// when absent or empty. Returns the file and the words of its newest intact slot, or nil for
    /// a new file (or one started afresh).
    ///
    /// `exclusive`: first takes an exclusive `flock` on the file, trying again every millisecond
    /// for up to `patience` (none by default), and keeps it (and the descriptor) for the record's
    /// life or until `releaseLock`, so one process at a time uses the file; still held by another,
    /// it throws `.inUse` having read and written nothing. `afresh`: the unreadable kinds started
    /// afresh in place rather than refused (in place, so a lock taken stays on it).
    public static func open(
        path: String, magic: UInt64, version: UInt64, wordCount: Int, exclusive: Bool = false, patience: Duration = .zero,
        afresh: Unreadable = []
    ) throws(MappedRecordError) -> (MappedRecordFile, [Int64]?) {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        var kept = false
        defer { if !kept { close(fd) } }
        if exclusive {
            let deadline = ContinuousClock.now + patience
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let error = errno
                guard error == EWOULDBLOCK else { throw .cannotOpen(path: path, errno: error) }
                guard ContinuousClock.now < deadline else { throw .inUse(path: path) }
                usleep(1_000)
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, errno: errno) }
        let length = (3 + 2 * (wordCount + 2)) * 8
        let isNew = info.st_size == 0
        var zeroed = false
        if !isNew, Int(info.st_size) != length {
            guard afresh.contains(.foreign) else {
                throw .foreign(path: path, reason: "it is \(info.st_size) bytes, a record of this layout is \(length)")
            }
            // Cut or extended to this layout's length and zeroed through the map below (as a damaged
            // record is), not truncated to nothing first: freeing the file's only block can wait for
            // the device (ext4 with `discard`), on the way to a daemon's first answer.
            if ftruncate(fd, off_t(length)) != 0 { throw .cannotOpen(path: path, errno: errno) }
            zeroed = true
        }
        if isNew, ftruncate(fd, off_t(length)) != 0 { throw .cannotOpen(path: path, errno: errno) }
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            throw .cannotOpen(path: path, errno: errno)
        }
        let base = mapped.bindMemory(to: UInt64.self, capacity: length / 8)
        let file = MappedRecordFile(path: path, wordCount: wordCount, base: base, length: length, lock: exclusive ? fd : -1)
        kept = exclusive
        if zeroed {
            file.base.update(repeating: 0, count: length / 8)
        } else if !isNew {
            do throws(MappedRecordError) {
                return (file, try file.newestSlot(magic: magic, version: version))
            } catch {
                let kind: Unreadable = if case .damaged = error { .damaged } else { .foreign }
                guard afresh.contains(kind) else { throw error }
                // Zeroed in place: both slots invalid, then the header of this layout.
                file.base.update(repeating: 0, count: length / 8)
            }
        }
        base[0] = magic
        base[1] = version
        base[2] = UInt64(wordCount)
        file.sequence = 0
        return (file, nil)
    }

    /// The newest intact slot's words, once the header is this layout's.
    private func newestSlot(magic: UInt64, version: UInt64) throws(MappedRecordError) -> [Int64] {
        guard base[0] == magic else { throw .foreign(path: path, reason: "it does not start with this record's magic") }
        guard base[1] == version, base[2] == UInt64(wordCount) else {
            throw .foreign(path: path, reason: "version \(base[1]) with \(base[2]) words; this build reads version \(version) with \(wordCount)")
        }
        let slots = (0..<2).compactMap { intactSlot($0) }
        guard let newest = slots.max(by: { $0.sequence < $1.sequence }) else {
            throw .damaged(path: path, reason: "neither slot's checksum matches")
        }
        sequence = newest.sequence
        return newest.words
    }

    private init(path: String, wordCount: Int, base: UnsafeMutablePointer<UInt64>, length: Int, lock: Int32) {
        self.path = path
        self.wordCount = wordCount
        self.base = base
        self.length = length
        self.lock = lock
        sequence = 0
    }

    deinit {
        munmap(base, length)
        // Closing the descriptor releases the lock.
        if lock >= 0 { close(lock) }
    }

    /// Gives up the exclusive lock (`open`'s `exclusive`) before the record's end, so another
    /// process may open the file at once; the record keeps what it last wrote, and later writes
    /// are dropped. Call it only once no write can run any more (the writer has ended): a write
    /// racing it could still land, over a slot of the file's next owner.
    public func releaseLock() {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if lock >= 0 { flock(lock, LOCK_UN) }
    }

    private func slot(_ index: Int) -> UnsafeMutablePointer<UInt64> { base + 3 + index * (wordCount + 2) }

    private func intactSlot(_ index: Int) -> (sequence: UInt64, words: [Int64])? {
        let slot = slot(index)
        guard slot[0] > 0, slot[1 + wordCount] == Self.checksum(slot, count: wordCount + 1) else { return nil }
        return (slot[0], (0..<wordCount).map { Int64(bitPattern: slot[1 + $0]) })
    }

    /// Writes a new state into the older slot: `fill` stores the `wordCount` words at the pointer
    /// it is given. Allocates nothing (it runs on the control loop's step path).
    public func write(_ fill: (UnsafeMutablePointer<UInt64>) -> Void) {
        guard !released.load(ordering: .acquiring) else { return }
        sequence += 1
        let slot = slot(Int(sequence % 2))
        slot[1 + wordCount] = 0  // invalid while it is being written
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        slot[0] = sequence
        fill(slot + 1)
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        slot[1 + wordCount] = Self.checksum(slot, count: wordCount + 1)
    }

    /// A 64-bit hash over `count` words from `words` (the sequence and the state), one
    /// multiply-xorshift round per word (it runs at every step); never zero, which marks a slot
    /// being written.
    static func checksum(_ words: UnsafePointer<UInt64>, count: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in 0..<count {
            hash = (hash ^ words[index]) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
        }
        return hash == 0 ? 1 : hash
    }
}
