import Foundation
import PumpHardware
import PumpTestKit
import Testing

@testable import PumpService

/// `CommandedPositionJournal.opening`: the journal a dead predecessor still holds for a moment
/// (the kernel closes a killed process's descriptors in ascending order, the state's lock first)
/// is waited for, within a bound, rather than given up for the daemon's whole life.
@Suite struct JournalPredecessorTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "journal-predecessor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A descriptor holding `name`'s exclusive lock, as the dying predecessor's does.
    func hold(_ name: String) throws -> Int32 {
        let fd = open(directory + "/" + name, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        return fd
    }

    /// Closes `fd` (its lock goes with it) after `milliseconds`, on another thread.
    func release(_ fd: Int32, after milliseconds: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { close(fd) }
    }

    @Test func aStepNoteFileHeldUntilThePredecessorsDescriptorsCloseIsOpenedOnceFree() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        release(try hold("commanded-position"), after: 30)
        let journal = try CommandedPositionJournal.opening(directory: directory, bootID: "boot", state: 7, patience: .seconds(30))
        #expect(FileLockProbe.error(tryingToLock: directory + "/commanded-position") == EWOULDBLOCK)
        #expect(FileLockProbe.error(tryingToLock: directory + "/closed-hours") == EWOULDBLOCK)
        journal.release()
    }

    @Test func anHoursFileHeldUntilThePredecessorsDescriptorsCloseIsOpenedOnceFree() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        release(try hold("closed-hours"), after: 30)
        let journal = try CommandedPositionJournal.opening(directory: directory, bootID: "boot", state: 7, patience: .seconds(30))
        #expect(FileLockProbe.error(tryingToLock: directory + "/closed-hours") == EWOULDBLOCK)
        journal.release()
        #expect(FileLockProbe.error(tryingToLock: directory + "/commanded-position") == 0)
    }

    /// Other errors come at once, whatever the patience: a runtime directory that is not there.
    @Test func aJournalThatCannotBeOpenedFailsAtOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let began = ContinuousClock.now
        do {
            _ = try CommandedPositionJournal.opening(directory: directory + "/missing", bootID: "boot", state: 7, patience: .seconds(600))
            Issue.record("a journal in a missing directory was opened")
        } catch .cannotOpen(let path, let error) {
            #expect(path == directory + "/missing/commanded-position" && error == ENOENT)
        } catch {
            Issue.record("expected cannotOpen, got \(error)")
        }
        #expect(ContinuousClock.now - began < .seconds(600))
    }

    /// Held beyond the bound (a live pumpd of another state sharing the runtime directory): in use,
    /// as before the wait, and nothing written into the held file.
    @Test func aJournalStillHeldAfterThePatienceIsInUseAndUntouched() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let holder = try hold("commanded-position")
        defer { close(holder) }
        let began = ContinuousClock.now
        do {
            _ = try CommandedPositionJournal.opening(directory: directory, bootID: "boot", state: 7, patience: .milliseconds(20))
            Issue.record("a journal another process holds was opened")
        } catch .inUse(let path) {
            #expect(path == directory + "/commanded-position")
        } catch {
            Issue.record("expected inUse, got \(error)")
        }
        // It waited the patience out, trying again, before it gave up.
        #expect(ContinuousClock.now - began >= .milliseconds(20))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: directory + "/commanded-position")[.size] as? Int)
        #expect(size == 0)
        #expect(!FileManager.default.fileExists(atPath: directory + "/closed-hours"))
    }
}
