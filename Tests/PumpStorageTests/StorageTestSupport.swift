import Foundation
import GRDB
import PumpStorage
import Testing

/// A fresh directory under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array((base + "pumpstorage-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    var databasePath: String { path + "/pumpd.sqlite" }

    func open(acceptingRestoredState: Bool = false) throws(StorageError) -> PumpDatabase {
        try PumpDatabase.open(directory: path, acceptingRestoredState: acceptingRestoredState)
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + name)
    }

    func contents(_ name: String = "pumpd.sqlite") throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
    }

    func write(_ data: Data, to name: String = "pumpd.sqlite") throws {
        try data.write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + name)
    }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// Values used across the storage tests.
enum Fixture {
    static let clinician = ChangeActor(uid: 1001, pid: 4242, role: "clinician")
    static let patient = ChangeActor(uid: 1002, pid: 5151, role: "patient")
    /// 2025-03-01T00:00:00Z, nanoseconds since the epoch.
    static let baseWall: Int64 = 1_740_787_200_000_000_000
    static let hour = HourlyDelivery.hourNanoseconds
    static let second: Int64 = 1_000_000_000

    static func checkpoint(_ index: Int64, document: String? = nil) -> StoredCheckpoint {
        StoredCheckpoint(
            savedAtWallNanoseconds: baseWall + index * 5 * second, savedAtMonotonicNanoseconds: index * 5 * second,
            bootID: "4e1b6a0c-boot", positionPicolitres: index * 250_000, stepsMoved: index,
            document: document ?? #"{"engine":{"checkpoint":\#(index)}}"#)
    }

    /// Appends an event at `baseWall + seconds` and returns its sequence.
    @discardableResult
    static func event(
        _ tx: borrowing StorageTransaction, kind: String, atSecond seconds: Int64, actor: ChangeActor? = nil
    ) throws -> Int64 {
        try tx.appendEvent(
            wallNanoseconds: baseWall + seconds * second, utcOffsetSeconds: 3_600, kind: kind,
            summary: "\(kind) at +\(seconds) s", detail: #"{"second":\#(seconds)}"#, actor: actor)
    }
}

/// Runs `body` and returns the `StorageError` it threw; records an issue if it threw none.
func storageError(_ body: () throws -> Void) -> StorageError? {
    do {
        try body()
        Issue.record("expected a StorageError")
        return nil
    } catch let error as StorageError {
        return error
    } catch {
        Issue.record("expected a StorageError, got \(error)")
        return nil
    }
}

/// Opens the database file directly with GRDB, around the store, as another program would.
func rawQueue(_ path: String) throws -> DatabaseQueue {
    try DatabaseQueue(path: path)
}
