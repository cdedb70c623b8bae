public import PumpControl
public import PumpCore
public import PumpHardware

/// The control loop's step journal (`StepPositionJournal`) in `commanded-position` in the state
/// directory: a `MappedRecordFile`, so each step's note is a store into the page cache that
/// survives SIGKILL, with no system call on the step path.
///
/// What it proves is bounded by what a page cache survives: after the process died (same boot)
/// the newest note is exact, and a restore takes the steps between the checkpoint and it as made
/// (none is guessed, so nothing is added to the delivered dose's uncertainty). After a reboot
/// the note may be older than the last steps, so it is not used (the checkpoint cadence bounds the
/// unrecorded steps instead).
public final class CommandedPositionJournal: StepPositionJournal, @unchecked Sendable {
    static let magic: UInt64 = 0x3150_4F50_444D_4D43  // "CMDPOP1"
    let file: MappedRecordFile
    let boot: Int64

    /// The newest note the file held when opened, if it was written in this boot.
    public let lastNote: (position: Int64, instant: MonotonicInstant)?

    /// Opens (or creates) the journal in `directory` for the boot `bootID`.
    public init(directory: String, bootID: String) throws(MappedRecordError) {
        let (file, words) = try MappedRecordFile.open(path: directory + "/commanded-position", magic: Self.magic, version: 1, wordCount: 3)
        self.file = file
        boot = Self.hash(bootID)
        if let words, words[2] == boot, !bootID.isEmpty {
            lastNote = (words[0], MonotonicInstant(nanoseconds: words[1]))
        } else {
            lastNote = nil
        }
    }

    public func commanded(position: Int64, at instant: MonotonicInstant) {
        file.write { slot in
            slot[0] = UInt64(bitPattern: position)
            slot[1] = UInt64(bitPattern: instant.nanoseconds)
            slot[2] = UInt64(bitPattern: boot)
        }
    }

    static func hash(_ text: String) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int64(bitPattern: hash)
    }
}
