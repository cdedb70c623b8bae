import Foundation
import PumpCore
import PumpHardware
@testable import PumpService
import Testing

/// The step journal's two notes per step: a death between them leaves that step in doubt.
@Suite struct CommandedPositionJournalTests {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aStepCommandedButNeverReportedMadeReopensAsInDoubt() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7)
            journal.commanded(position: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
            journal.made(position: 250_000)
            journal.commanded(position: 500_000, at: MonotonicInstant(nanoseconds: 2_000))
        }  // The process dies here, inside the motor call.
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7).lastNote)
        #expect(note.position == 500_000 && note.instant == MonotonicInstant(nanoseconds: 2_000) && note.made == 250_000)
    }

    @Test func aStepReportedMadeReopensAsCertain() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7)
            journal.commanded(position: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
            journal.made(position: 250_000)
        }
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7).lastNote)
        #expect(note.position == 250_000 && note.made == 250_000)
    }

    @Test func aJournalOfTheOlderLayoutIsStartedAfresh() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let (old, _) = try MappedRecordFile.open(
                path: directory + "/commanded-position", magic: CommandedPositionJournal.magic, version: 1, wordCount: 3)
            old.write { slot in (slot[0], slot[1], slot[2]) = (250_000, 1_000, UInt64(bitPattern: CommandedPositionJournal.hash("boot"))) }
        }
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7)
        #expect(journal.lastNote == nil)
    }

    @Test func closedHoursReopenWithThePositionAndStateTheyClosedWithOnlyInTheSameBoot() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hour = HourClosing.hourNanoseconds
        let state = ClosedHour.State(rate: VolumeRate(picolitresPerDay: 250_000_000), reservoir: .millilitres(20), mode: .running, programmed: true)
        do {
            let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7)
            journal.carryOn(from: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
            var hours = HourClosing(openAt: 10 * hour)
            // 50 hours close one by one, each before a step: the ring keeps the newest 48.
            for index in 1...50 {
                hours.close(at: CivilTime(unixNanoseconds: (10 + Int64(index)) * hour), state: state)
                journal.hoursClosed(hours)
                journal.commanded(position: 250_000 * Int64(index + 1), at: MonotonicInstant(nanoseconds: 1_000 + Int64(index)))
            }
        }
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7).lastNote)
        #expect(note.hours.count == CommandedPositionJournal.hourCapacity)
        #expect(note.hours.last == JournaledHour(start: 59 * hour, position: 250_000 * 50, state: state))
        #expect(note.hours.first == JournaledHour(start: 12 * hour, position: 250_000 * 3, state: state))
        // Another boot: the page cache may have lost the newest notes; none is used.
        #expect(try CommandedPositionJournal(directory: directory, bootID: "other", state: 7).lastNote == nil)
    }
}

/// A run that closes no hour leaves a ring that reads back intact (issue 13: the start no longer
/// deletes and recreates `closed-hours` each time, a device discard on some file systems).
@Suite struct ClosedHoursRingAtOpenTests {
    @Test func aJournalThatClosedNoHourLeavesAnIntactEmptyRingForThisBoot() throws {
        let directory = NSTemporaryDirectory() + "journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let first = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7)
            first.carryOn(from: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
        }
        let (_, words) = try MappedRecordFile.open(
            path: directory + "/closed-hours", magic: CommandedPositionJournal.hoursMagic, version: CommandedPositionJournal.hoursVersion,
            wordCount: CommandedPositionJournal.ringHeader + CommandedPositionJournal.hourCapacity * CommandedPositionJournal.wordsPerHour)
        let ring = try #require(words, "the ring was written")
        #expect(ring[0] == CommandedPositionJournal.hash("boot") && ring[1] == 7 && ring[2] == 0, "this boot's and state's, with no hour")
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 7).lastNote)
        #expect(note.position == 250_000 && note.hours.isEmpty)
    }
}

/// The journal belongs to one state and one live process (issue 13 review): runtime directories
/// are shared by sockets side by side, so another state's note must never prove this one's steps.
@Suite struct StepJournalOwnershipTests {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let state = ClosedHour.State(rate: VolumeRate(picolitresPerDay: 250_000_000), reservoir: .millilitres(20), mode: .running, programmed: true)

    /// A run of state `state` that notes a step and closes an hour, then dies.
    func run(in directory: String, state: Int64, position: Int64) throws {
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: state)
        journal.carryOn(from: position, at: MonotonicInstant(nanoseconds: 1_000))
        var hours = HourClosing(openAt: 10 * HourClosing.hourNanoseconds)
        hours.close(at: CivilTime(unixNanoseconds: 11 * HourClosing.hourNanoseconds), state: Self.state)
        journal.hoursClosed(hours)
        journal.commanded(position: position + 250_000, at: MonotonicInstant(nanoseconds: 2_000))
    }

    @Test func aNoteAndRingOfAnotherStateAreNeverBelievedAndTheJournalStartsAfreshForThisState() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try run(in: directory, state: 1, position: 1_000_000)
        // State 2 in the same runtime directory, same boot: state 1's note is not its own.
        do {
            let other = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 2)
            #expect(other.lastNote == nil)
            other.carryOn(from: 500_000, at: MonotonicInstant(nanoseconds: 3_000))
        }
        // Started afresh for state 2: its note is believed, with no hour of state 1's ring.
        do {
            let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 2).lastNote)
            #expect(note.position == 500_000 && note.made == 500_000 && note.hours.isEmpty)
        }
        // And state 1, back (a sequential share), does not take state 2's note for its own.
        #expect(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 1).lastNote == nil)
    }

    @Test func aRingOfAnotherStateIsNotBelievedBesideThisStatesNote() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try run(in: directory, state: 1, position: 1_000_000)
        // Only the ring is of state 1 (its note replaced by one of state 2, as if written alone).
        do {
            let (file, _) = try MappedRecordFile.open(
                path: directory + "/commanded-position", magic: CommandedPositionJournal.magic, version: CommandedPositionJournal.version,
                wordCount: CommandedPositionJournal.wordCount)
            file.write { slot in (slot[0], slot[1], slot[2], slot[3], slot[4]) = (1_250_000, 2_000, UInt64(bitPattern: CommandedPositionJournal.hash("boot")), 1_250_000, 2) }
        }
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 2).lastNote)
        #expect(note.position == 1_250_000 && note.hours.isEmpty, "state 1's hours are not state 2's")
    }

    @Test func aSecondOpenWhileTheFirstLivesIsRefusedAndLeavesBothFilesByteForByte() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 1)
        first.carryOn(from: 750_000, at: MonotonicInstant(nanoseconds: 1_000))
        let paths = ["/commanded-position", "/closed-hours"].map { directory + $0 }
        let before = paths.map { FileManager.default.contents(atPath: $0) }
        // Another state (a damaged or foreign file would be started afresh by an owner), the same
        // state (a pumpd refused on the state's lock), another boot: none touches the files.
        for (state, boot) in [(Int64(2), "boot"), (1, "boot"), (1, "other")] {
            #expect(throws: MappedRecordError.inUse(path: paths[0])) {
                try CommandedPositionJournal(directory: directory, bootID: boot, state: state)
            }
        }
        #expect(paths.map { FileManager.default.contents(atPath: $0) } == before)
        first.commanded(position: 1_000_000, at: MonotonicInstant(nanoseconds: 2_000))
        withExtendedLifetime(first) {}
    }
}

/// The state a journal is kept for is its database file (issue 13 review): ext4 reuses an inode at
/// once, so a directory made anew, or a database replaced inside it, can keep an inode a note was
/// written for.
@Suite struct StepJournalStateIdentityTests {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "journal-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A new file at `path` (open, write, close: the freed inode of the last one is then handed
    /// back at once on ext4 and tmpfs).
    func create(_ path: String, contents: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(Array(contents.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == contents.utf8.count)
    }

    func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    @Test func aDatabaseReplacedInItsDirectoryIsAnotherStateEvenWithItsInodeReused() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/pumpd.sqlite"
        try create(database, contents: "state A")
        let first = try #require(CommandedPositionJournal.stateIdentity(ofDatabase: database))
        #expect(CommandedPositionJournal.stateIdentity(ofDatabase: database) == first, "the same file is the same state")
        let firstInode = try inode(database)
        // Replaced (as a copy or a new state would be) until the file system hands the freed inode back.
        var reused = false
        for _ in 0..<20 where !reused {
            try FileManager.default.removeItem(atPath: database)
            try create(database, contents: "state B")
            reused = try inode(database) == firstInode
            #expect(CommandedPositionJournal.stateIdentity(ofDatabase: database) != first)
        }
        withKnownIssue("this file system did not reuse the inode: the reuse case was not exercised") { #expect(reused) } when: { !reused }
        // A note written for the first file is not believed for its replacement.
        let runtime = directory + "/runtime"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        do {
            let journal = try CommandedPositionJournal(directory: runtime, bootID: "boot", state: first)
            journal.carryOn(from: 1_000_000, at: MonotonicInstant(nanoseconds: 1_000))
        }
        let replaced = try #require(CommandedPositionJournal.stateIdentity(ofDatabase: database))
        #expect(try CommandedPositionJournal(directory: runtime, bootID: "boot", state: replaced).lastNote == nil)
    }

    @Test func aMissingDatabaseHasNoIdentity() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(CommandedPositionJournal.stateIdentity(ofDatabase: directory + "/pumpd.sqlite") == nil)
    }

    /// Opened only by the holder of the state's lock, a damaged note is started afresh (the
    /// restore bounds the unrecorded steps by the cadence) rather than refused at every start.
    @Test func aDamagedStepNoteIsStartedAfreshAndNotesAgain() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 1)
            journal.carryOn(from: 1_000_000, at: MonotonicInstant(nanoseconds: 1_000))
        }
        // Both slots' checksums broken (header 3 words, then slots of the words, a count and a checksum).
        let path = directory + "/commanded-position", words = CommandedPositionJournal.wordCount
        var data = try #require(FileManager.default.contents(atPath: path))
        for slot in 0..<2 { data[(3 + slot * (words + 2) + words + 1) * 8] ^= 0xFF }
        try data.write(to: URL(fileURLWithPath: path))
        do {
            let journal = try CommandedPositionJournal(directory: directory, bootID: "boot", state: 1)
            #expect(journal.lastNote == nil)
            journal.carryOn(from: 2_000_000, at: MonotonicInstant(nanoseconds: 2_000))
        }
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot", state: 1).lastNote)
        #expect(note.position == 2_000_000 && note.made == 2_000_000)
    }
}
