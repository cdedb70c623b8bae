public import PumpControl
public import PumpCore
public import PumpHardware
internal import CPumpSys

/// The control loop's step journal (`StepPositionJournal`) in `commanded-position` in the runtime
/// directory (`--runtime-dir`): a `MappedRecordFile`, so each step's note is a store into the page cache that
/// survives SIGKILL, with no system call on the step path.
///
/// Each step is noted twice: commanded (before the motor is driven) and made (once the motor call
/// returned). A death between the two leaves that step in doubt: the motor may not have moved
/// (on the simulated rig, whose physics is kept at the step, or on a real one). A restore counts
/// such a step the safe way for each record (`TherapySession.restoring`, `journalMade`), never as
/// delivered for certain.
///
/// What it proves is bounded by what a page cache survives: after the process died (same boot)
/// the newest note is exact, and a restore takes the steps between the checkpoint and it as made
/// (none is guessed, so nothing is added to the delivered dose's uncertainty). After a reboot
/// the note may be older than the last steps, so it is not used (the checkpoint cadence bounds the
/// unrecorded steps instead).
///
/// Beside it, in `closed-hours`, the last `hourCapacity` hours the loop closed, each with the
/// position when it closed and the state it closed with (`JournaledHour`), so a restore books the
/// steps after the checkpoint hour by hour (issue 13: the virtual clock checkpoints once per
/// simulated day). Written once per closed hour, at the step that follows it, never per step
/// (the ring's checksum covers its whole slot), and with no fsync, like the step's note: the
/// page cache is what it relies on.
///
/// Both files belong to one state (`state`, from the database file's device, inode and birth time)
/// and one live pumpd: a note or ring of another state is never believed (the runtime directory may
/// be shared: sockets side by side), and each file is held under an exclusive `flock` from its open
/// to the process's end (or to `release`, before the state's lock goes), so a second pumpd (on
/// another state beside it) reads and writes neither file: `init` throws `.inUse` before touching
/// them. The daemon opens it only once it holds the
/// state's lock (`StateKeeper.open`'s `openingJournal`), so a pumpd refused on that lock never
/// touches it, and two started at once leave it to the one that holds the state.
public final class CommandedPositionJournal: StepPositionJournal, @unchecked Sendable {
    /// What the journal held when opened, if it was written in this boot.
    public struct Note: Sendable, Equatable {
        /// The newest commanded position and its instant.
        public var position: Int64
        public var instant: MonotonicInstant
        /// The position up to which the motor calls returned.
        public var made: Int64
        /// The last hours closed, oldest first (empty when the ring is of another boot, new or damaged).
        public var hours: [JournaledHour]

        public init(position: Int64, instant: MonotonicInstant, made: Int64, hours: [JournaledHour] = []) {
            self.position = position
            self.instant = instant
            self.made = made
            self.hours = hours
        }
    }

    static let magic: UInt64 = 0x3150_4F50_444D_4D43  // "CMDPOP1"
    /// 2: the made position beside the commanded one. 3: the state's identity.
    static let version: UInt64 = 3
    static let wordCount = 5
    let file: MappedRecordFile
    let boot: Int64
    /// The identity of the state the journal is kept for (`stateIdentity(ofDatabase:)`).
    let state: Int64
    /// The newest note the file held when opened, if it was written in this boot: the commanded
    /// position, its instant, and the position up to which the motor calls returned.
    public let lastNote: Note?
    /// The note last written (loop thread; the daemon's start before the loop runs).
    private var commanded: (position: Int64, instant: MonotonicInstant)?
    private var madePosition: Int64 = 0

    static let hoursMagic: UInt64 = 0x3153_5248_4453_4C43  // "CLSDHRS1"
    /// 2: the state's identity after the boot.
    static let hoursVersion: UInt64 = 2
    /// Hours the ring holds: two simulated days, beyond the one an `AdvanceTime` leaves unsaved.
    static let hourCapacity = 48
    static let wordsPerHour = 5
    let hoursFile: MappedRecordFile
    /// Words before the notes: boot, state, notes written in all.
    static let ringHeader = 3
    /// The ring as last written: boot, state, notes written in all, then `hourCapacity` notes of
    /// `wordsPerHour` words (start, position, rate, reservoir, mode). Allocated once.
    private var ring: [UInt64]
    /// `HourClosing.closedCount` when the hours were last noted.
    private var notedHours: Int64 = 0

    /// Opens (or creates) the journal in `directory` for the boot `bootID` and the state
    /// `state` (`stateIdentity(ofDatabase:)`), locking both files for this process's life (or until
    /// `release`). A journal of an older layout (an update without a reboot: it followed a clean
    /// stop, whose checkpoint holds every step), of another state, or damaged (no note: the restore
    /// bounds the unrecorded steps by the checkpoint cadence) is started afresh: only the holder of
    /// the state's lock opens it. Throws `.inUse` when another process holds either file after
    /// `patience` (none by default; `opening` says why a daemon waits), having written nothing.
    public init(directory: String, bootID: String, state: Int64, patience: Duration = .zero) throws(MappedRecordError) {
        // The step note's lock is taken first: whoever holds it owns both files.
        let (file, words) = try MappedRecordFile.open(
            path: directory + "/commanded-position", magic: Self.magic, version: Self.version, wordCount: Self.wordCount,
            exclusive: true, patience: patience, afresh: [.foreign, .damaged])
        self.file = file
        boot = Self.hash(bootID)
        self.state = state
        let hoursWords = Self.ringHeader + Self.hourCapacity * Self.wordsPerHour
        // Lost (foreign or damaged): the restore then books the journal's span as a whole (see
        // `JournaledHour.chain`).
        let (hoursFile, hoursRead) = try MappedRecordFile.open(
            path: directory + "/closed-hours", magic: Self.hoursMagic, version: Self.hoursVersion, wordCount: hoursWords,
            exclusive: true, patience: patience, afresh: [.foreign, .damaged])
        self.hoursFile = hoursFile
        let sameBoot = !bootID.isEmpty, thisBoot = boot
        let ringWords = hoursRead.flatMap { $0[0] == thisBoot && $0[1] == state && sameBoot ? $0 : nil }
        ring = ringWords.map { $0.map { UInt64(bitPattern: $0) } }
            ?? [UInt64(bitPattern: thisBoot), UInt64(bitPattern: state), 0] + Array(repeating: 0, count: hoursWords - Self.ringHeader)
        if let words, words[2] == thisBoot, words[4] == state, sameBoot {
            lastNote = Note(
                position: words[0], instant: MonotonicInstant(nanoseconds: words[1]), made: words[3],
                hours: ringWords.map(Self.hours(in:)) ?? [])
        } else {
            lastNote = nil
        }
        // This boot's and state's empty ring, written now rather than at the first hour closed: a
        // ring never written reads back as damaged, and every start would start it afresh.
        if ringWords == nil { writeRing() }
    }

    /// How long `opening` waits, at most, for a dead predecessor's journal.
    public static let predecessorPatience: Duration = .milliseconds(250)

    /// `init(directory:bootID:state:patience:)`, waiting up to `patience` for each file another
    /// process holds (`MappedRecordFile.open`). Only the holder of the state's lock opens the journal,
    /// and a pumpd that stops lets go of the journal first; but a pumpd that dies (a crash,
    /// SIGKILL) has its descriptors closed by the kernel in ascending order, so the state's lock,
    /// the lower one, is free a moment before the journal's. Its successor, already holding the
    /// state, would otherwise find the journal held and run its whole life without one. Throws
    /// `.inUse` when a file is still held after `patience` (a live pumpd of another state sharing
    /// the runtime directory: that start goes on without a journal, `patience` later than before);
    /// other errors at once.
    public static func opening(
        directory: String, bootID: String, state: Int64, patience: Duration = predecessorPatience
    ) throws(MappedRecordError) -> CommandedPositionJournal {
        try CommandedPositionJournal(directory: directory, bootID: bootID, state: state, patience: patience)
    }

    /// The identity of the state kept in the database file `path`: a hash of the file's device,
    /// inode and birth time (ns). The database is created by a rename, so each creation and each
    /// copy is another file with another birth time, even where the file system reuses an inode at
    /// once (ext4: `rm -rf` then `mkdir` of the state directory, or a database replaced in place).
    /// Where the file system gives no birth time, device and inode only (a state replaced with a
    /// reused inode is then taken for the old one). Nil when the file cannot be read.
    public static func stateIdentity(ofDatabase path: String) -> Int64? {
        var device: UInt64 = 0, inode: UInt64 = 0, birthSeconds: Int64 = 0, birthNanoseconds: UInt32 = 0
        let born = pump_file_identity(path, &device, &inode, &birthSeconds, &birthNanoseconds)
        guard born >= 0 else { return nil }
        return hash(born == 1 ? "\(device):\(inode):\(birthSeconds).\(birthNanoseconds)" : "\(device):\(inode)")
    }

    /// Gives up both files' locks before the state's lock goes (a stop, or a start given up after
    /// the journal opened): a pumpd started the moment that lock is free then finds the journal
    /// free too, rather than running its whole life without one. The files keep their last notes,
    /// which a restore of this state still reads; nothing is written after. Call it once the loop
    /// has ended.
    public func release() {
        hoursFile.releaseLock()
        file.releaseLock()  // the step note's last: whoever holds it owns both files
    }

    /// Notes `position` (where a start left the session) as commanded and made, in one write.
    public func carryOn(from position: Int64, at instant: MonotonicInstant) {
        madePosition = position
        commanded(position: position, at: instant)
    }

    public func commanded(position: Int64, at instant: MonotonicInstant) {
        commanded = (position, instant)
        note(position: position, at: instant, made: madePosition)
    }

    public func hoursClosed(_ hours: HourClosing) {
        guard hours.closedCount != notedHours else { return }
        // A session that closed fewer hours is another one (it started afresh): all of its own.
        let closed = hours.closed(after: hours.closedCount > notedHours ? notedHours : 0)
        notedHours = hours.closedCount
        // The position before the step about to be commanded: where the pump was as they closed.
        guard let position = commanded?.position, !closed.isEmpty else { return }
        for hour in closed {
            let index = Self.ringHeader + Int(ring[2] % UInt64(Self.hourCapacity)) * Self.wordsPerHour
            ring[index] = UInt64(bitPattern: hour.start)
            ring[index + 1] = UInt64(bitPattern: position)
            ring[index + 2] = UInt64(bitPattern: hour.state.rate.picolitresPerDay)
            ring[index + 3] = UInt64(bitPattern: hour.state.reservoir.nanolitres)
            ring[index + 4] = Self.code(hour.state)
            ring[2] += 1
        }
        writeRing()
    }

    private func writeRing() {
        ring.withUnsafeBufferPointer { words in
            hoursFile.write { slot in slot.update(from: words.baseAddress!, count: words.count) }
        }
    }

    public func made(position: Int64) {
        madePosition = position
        guard let commanded else { return }
        note(position: commanded.position, at: commanded.instant, made: position)
    }

    private func note(position: Int64, at instant: MonotonicInstant, made: Int64) {
        file.write { slot in
            slot[0] = UInt64(bitPattern: position)
            slot[1] = UInt64(bitPattern: instant.nanoseconds)
            slot[2] = UInt64(bitPattern: boot)
            slot[3] = UInt64(bitPattern: made)
            slot[4] = UInt64(bitPattern: state)
        }
    }

    /// The notes of a ring read back, oldest first. A note whose mode is unknown (damaged) is
    /// dropped with every older one: the chain needs the hours in one run.
    static func hours(in words: [Int64]) -> [JournaledHour] {
        let written = max(words[2], 0), count = min(written, Int64(hourCapacity))
        var hours: [JournaledHour] = []
        for number in (written - count)..<written {
            let index = ringHeader + Int(number % Int64(hourCapacity)) * wordsPerHour
            guard let state = state(code: words[index + 4], rate: words[index + 2], reservoir: words[index + 3]) else {
                hours = []
                continue
            }
            hours.append(JournaledHour(start: words[index], position: words[index + 1], state: state))
        }
        return hours
    }

    private static let modes: [DeliveryMode] = [
        .running, .priming(thenRun: false), .priming(thenRun: true), .stopped(.idle), .stopped(.clinician), .stopped(.alarm),
        .stopped(.shutdown), .lineTest, .calibrationRun,
    ]

    /// The mode's place in `modes` (from 1), and 1 << 8 when a program was committed.
    static func code(_ state: ClosedHour.State) -> UInt64 {
        let mode = UInt64((modes.firstIndex(of: state.mode) ?? -1) + 1)
        return mode | (state.programmed ? 1 << 8 : 0)
    }

    static func state(code: Int64, rate: Int64, reservoir: Int64) -> ClosedHour.State? {
        let mode = Int(code & 0xFF)
        guard (1...modes.count).contains(mode), code >> 9 == 0 else { return nil }
        return ClosedHour.State(
            rate: VolumeRate(picolitresPerDay: rate), reservoir: Volume(nanolitres: reservoir), mode: modes[mode - 1], programmed: code >> 8 == 1)
    }

    static func hash(_ text: String) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int64(bitPattern: hash)
    }
}
