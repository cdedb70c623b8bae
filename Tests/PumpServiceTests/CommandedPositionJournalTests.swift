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
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot")
        journal.commanded(position: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
        journal.made(position: 250_000)
        journal.commanded(position: 500_000, at: MonotonicInstant(nanoseconds: 2_000))
        // The process dies here, inside the motor call.
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot").lastNote)
        #expect(note.position == 500_000 && note.instant == MonotonicInstant(nanoseconds: 2_000) && note.made == 250_000)
    }

    @Test func aStepReportedMadeReopensAsCertain() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot")
        journal.commanded(position: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
        journal.made(position: 250_000)
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot").lastNote)
        #expect(note.position == 250_000 && note.made == 250_000)
    }

    @Test func aJournalOfTheOlderLayoutIsStartedAfresh() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (old, _) = try MappedRecordFile.open(
            path: directory + "/commanded-position", magic: CommandedPositionJournal.magic, version: 1, wordCount: 3)
        old.write { slot in (slot[0], slot[1], slot[2]) = (250_000, 1_000, UInt64(bitPattern: CommandedPositionJournal.hash("boot"))) }
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot")
        #expect(journal.lastNote == nil)
    }

    @Test func closedHoursReopenWithThePositionAndStateTheyClosedWithOnlyInTheSameBoot() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hour = HourClosing.hourNanoseconds
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot")
        journal.carryOn(from: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
        var hours = HourClosing(openAt: 10 * hour)
        let state = ClosedHour.State(rate: VolumeRate(picolitresPerDay: 250_000_000), reservoir: .millilitres(20), mode: .running, programmed: true)
        // 50 hours close one by one, each before a step: the ring keeps the newest 48.
        for index in 1...50 {
            hours.close(at: CivilTime(unixNanoseconds: (10 + Int64(index)) * hour), state: state)
            journal.hoursClosed(hours)
            journal.commanded(position: 250_000 * Int64(index + 1), at: MonotonicInstant(nanoseconds: 1_000 + Int64(index)))
        }
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot").lastNote)
        #expect(note.hours.count == CommandedPositionJournal.hourCapacity)
        #expect(note.hours.last == JournaledHour(start: 59 * hour, position: 250_000 * 50, state: state))
        #expect(note.hours.first == JournaledHour(start: 12 * hour, position: 250_000 * 3, state: state))
        // Another boot: the page cache may have lost the newest notes; none is used.
        #expect(try CommandedPositionJournal(directory: directory, bootID: "other").lastNote == nil)
    }
}

/// A run that closes no hour leaves a ring that reads back intact (issue 13: the start no longer
/// deletes and recreates `closed-hours` each time, a device discard on some file systems).
@Suite struct ClosedHoursRingAtOpenTests {
    @Test func aJournalThatClosedNoHourLeavesAnIntactEmptyRingForThisBoot() throws {
        let directory = NSTemporaryDirectory() + "journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try CommandedPositionJournal(directory: directory, bootID: "boot")
        first.carryOn(from: 250_000, at: MonotonicInstant(nanoseconds: 1_000))
        let (_, words) = try MappedRecordFile.open(
            path: directory + "/closed-hours", magic: CommandedPositionJournal.hoursMagic, version: CommandedPositionJournal.hoursVersion,
            wordCount: 2 + CommandedPositionJournal.hourCapacity * CommandedPositionJournal.wordsPerHour)
        let ring = try #require(words, "the ring was written")
        #expect(ring[0] == CommandedPositionJournal.hash("boot") && ring[1] == 0, "this boot's, with no hour")
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot").lastNote)
        #expect(note.position == 250_000 && note.hours.isEmpty)
    }
}
