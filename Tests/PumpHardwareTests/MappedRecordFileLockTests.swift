import Foundation
import PumpHardware
import Testing

/// `MappedRecordFile.open`'s exclusive lock and in-place fresh start (the step journal's owner).
@Suite struct MappedRecordFileLockTests {
    func path() throws -> (directory: String, file: String) {
        let directory = NSTemporaryDirectory() + "record-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (directory, directory + "/record")
    }

    /// A record of magic 0x11, version 1 holding the words 5 and 6, written by a process now gone.
    static func writeWords56(to file: String) throws {
        let (record, _) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2)
        record.write { slot in (slot[0], slot[1]) = (5, 6) }
    }

    @Test func anExclusiveRecordIsRefusedToASecondOpenUntilTheFirstIsGone() throws {
        let (directory, file) = try path()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let (first, _) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2, exclusive: true)
            first.write { slot in (slot[0], slot[1]) = (5, 6) }
            let before = FileManager.default.contents(atPath: file)
            // Even one that would start a record of another layout afresh.
            #expect(throws: MappedRecordError.inUse(path: file)) {
                try MappedRecordFile.open(path: file, magic: 0x22, version: 2, wordCount: 3, exclusive: true, afresh: [.foreign, .damaged])
            }
            #expect(FileManager.default.contents(atPath: file) == before)
            withExtendedLifetime(first) {}
        }
        let (_, words) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2, exclusive: true)
        #expect(words == [5, 6])
    }

    /// A clean stop gives the step journal up before the state: the next owner may open it at once,
    /// finds the last record, and no later write of the first reaches it.
    @Test func aReleasedLockLetsAnotherOwnerInAtOnceAndDropsTheFirstOnesLaterWrites() throws {
        let (directory, file) = try path()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (first, _) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2, exclusive: true)
        first.write { slot in (slot[0], slot[1]) = (5, 6) }
        first.releaseLock()
        first.releaseLock()  // twice: no harm
        let (second, words) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2, exclusive: true)
        #expect(words == [5, 6])
        first.write { slot in (slot[0], slot[1]) = (7, 8) }
        let (_, reread) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2)
        #expect(reread == [5, 6])
        withExtendedLifetime((first, second)) {}
    }

    @Test func aForeignRecordIsStartedAfreshInPlaceKeepingTheLockOnTheFileAtThePath() throws {
        let (directory, file) = try path()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeWords56(to: file)
        let (record, words) = try MappedRecordFile.open(path: file, magic: 0x11, version: 2, wordCount: 4, exclusive: true, afresh: .foreign)
        #expect(words == nil)
        record.write { slot in (slot[0], slot[1], slot[2], slot[3]) = (1, 2, 3, 4) }
        // The path still names the locked file: a second owner is refused.
        #expect(throws: MappedRecordError.inUse(path: file)) {
            try MappedRecordFile.open(path: file, magic: 0x11, version: 2, wordCount: 4, exclusive: true)
        }
        withExtendedLifetime(record) {}
        let (_, reread) = try MappedRecordFile.open(path: file, magic: 0x11, version: 2, wordCount: 4)
        #expect(reread == [1, 2, 3, 4])
    }

    /// Another length (a longer or a shorter layout, its bytes all set): the same file, at this
    /// layout's length, holds this layout's header and zeros only, as when it was emptied first.
    @Test func aRecordOfAnotherLengthIsStartedAfreshAsZerosAndThisLayoutsHeaderInTheSameFile() throws {
        let (directory, file) = try path()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (oldBytes, wordCount) in [(88, 4), (200, 1), (5000, 3)] {
            try Data(repeating: 0xAB, count: oldBytes).write(to: URL(fileURLWithPath: file))
            var before = stat()
            #expect(stat(file, &before) == 0)
            do {
                let (_, words) = try MappedRecordFile.open(path: file, magic: 0x33, version: 7, wordCount: wordCount, afresh: .foreign)
                #expect(words == nil)
            }
            var after = stat()
            #expect(stat(file, &after) == 0)
            #expect(after.st_ino == before.st_ino)
            let length = (3 + 2 * (wordCount + 2)) * 8
            var expected = [UInt64](repeating: 0, count: length / 8)
            (expected[0], expected[1], expected[2]) = (0x33, 7, UInt64(wordCount))
            let bytes = try #require(FileManager.default.contents(atPath: file))
            #expect(bytes == Data(expected.withUnsafeBytes { Array($0) }), "\(oldBytes) bytes to \(wordCount) words")
        }
    }

    @Test func aDamagedRecordIsStartedAfreshOnlyWhenAsked() throws {
        let (directory, file) = try path()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeWords56(to: file)
        // Both slots' checksums broken.
        var data = try #require(FileManager.default.contents(atPath: file))
        for checksum in [3 + 3, 3 + 4 + 3] { data[checksum * 8] ^= 0xFF }
        try data.write(to: URL(fileURLWithPath: file))
        #expect(throws: MappedRecordError.self) { try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2, afresh: .foreign) }
        do {
            let (fresh, words) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2, afresh: .damaged)
            #expect(words == nil)
            fresh.write { slot in (slot[0], slot[1]) = (7, 8) }
        }
        let (_, reread) = try MappedRecordFile.open(path: file, magic: 0x11, version: 1, wordCount: 2)
        #expect(reread == [7, 8])
    }
}
