public import PumpControl
public import PumpCore
public import PumpHardware
#if canImport(Glibc)
import Glibc
#endif

/// The control loop's step journal (`StepPositionJournal`) in `commanded-position` in the state
/// directory: a `MappedRecordFile`, so each step's note is a store into the page cache that
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
public final class CommandedPositionJournal: StepPositionJournal, @unchecked Sendable {
    static let magic: UInt64 = 0x3150_4F50_444D_4D43  // "CMDPOP1"
    /// 2: the made position beside the commanded one.
    static let version: UInt64 = 2
    let file: MappedRecordFile
    let boot: Int64
    /// The newest note the file held when opened, if it was written in this boot: the commanded
    /// position, its instant, and the position up to which the motor calls returned.
    public let lastNote: (position: Int64, instant: MonotonicInstant, made: Int64)?
    /// The note last written (loop thread; the daemon's start before the loop runs).
    private var commanded: (position: Int64, instant: MonotonicInstant)?
    private var madePosition: Int64 = 0

    /// Opens (or creates) the journal in `directory` for the boot `bootID`. A journal of an older
    /// layout (an update without a reboot: it followed a clean stop, whose checkpoint holds every
    /// step) is started afresh.
    public init(directory: String, bootID: String) throws(MappedRecordError) {
        let path = directory + "/commanded-position"
        let opened: (MappedRecordFile, [Int64]?)
        do {
            opened = try MappedRecordFile.open(path: path, magic: Self.magic, version: Self.version, wordCount: 4)
        } catch .foreign {
            unlink(path)
            opened = try MappedRecordFile.open(path: path, magic: Self.magic, version: Self.version, wordCount: 4)
        }
        let (file, words) = opened
        self.file = file
        boot = Self.hash(bootID)
        if let words, words[2] == boot, !bootID.isEmpty {
            lastNote = (words[0], MonotonicInstant(nanoseconds: words[1]), words[3])
        } else {
            lastNote = nil
        }
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
        }
    }

    static func hash(_ text: String) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int64(bitPattern: hash)
    }
}
