internal import Dispatch
internal import Synchronization

/// The connections of an open database in WAL mode: one writer, whose uses run one at a time (on
/// the calling thread, under a lock: no thread is started for them), and up to `readerLimit` read-only connections, opened when first needed, for reads
/// that run concurrently with the writer and with each other.
///
/// Every read is one deferred transaction: it sees one committed snapshot throughout.
final class DatabasePool: Sendable {
    private let writer: Database
    /// Held while the writer is used.
    private let writerLock = Mutex(())
    private let readers: Mutex<ReaderState>
    /// One permit per reader connection: a read waits while all of them are in use.
    private let readerSlots: DispatchSemaphore
    private let readerLimit: Int
    private let makeReader: @Sendable () throws -> Database

    private struct ReaderState: ~Copyable {
        var idle: [Database] = []
        var isClosed = false
    }

    /// Opens the writer on `path`, with `writerSetup` run on it; readers are opened on demand
    /// with `makeReader`. `label` named the writer's Dispatch queue; nothing uses it now.
    init(writer: Database, label: String, readerLimit: Int, makeReader: @escaping @Sendable () throws -> Database) {
        self.writer = writer
        self.readers = Mutex(ReaderState())
        self.readerSlots = DispatchSemaphore(value: readerLimit)
        self.readerLimit = readerLimit
        self.makeReader = makeReader
    }

    /// Runs `body` on the writer, outside any transaction, once no other use of it runs.
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try usingWriter(body)
    }

    private func usingWriter<T>(_ body: (Database) throws -> T) throws -> T {
        nonisolated(unsafe) var outcome: Result<T, any Error>?
        writerLock.withLock { _ in outcome = Result { try body(writer) } }
        return try outcome!.get()
    }

    /// Runs `body` in a read transaction on a reader connection.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        readerSlots.wait()
        defer { readerSlots.signal() }
        let reader = try takeReader()
        defer {
            let keep = readers.withLock { state in
                if !state.isClosed { state.idle.append(reader) }
                return !state.isClosed
            }
            if !keep { reader.close() }
        }
        var result: T?
        try reader.inTransaction(.deferred) {
            result = try body(reader)
            return .commit
        }
        return result!
    }

    private func takeReader() throws -> Database {
        let idle = try readers.withLock { state throws(DatabaseError) -> Database? in
            if state.isClosed { throw DatabaseError.connectionClosed }
            return state.idle.popLast()
        }
        return try idle ?? makeReader()
    }

    /// Closes every connection, readers first (waiting for reads in progress), then the writer
    /// (waiting for its work in progress). Later uses throw "Connection is closed".
    /// `close()`, the writer's close leaving the write-ahead log and its files as they are
    /// (`Database.leaveFilesOnClose`).
    func closeLeavingFiles() {
        _ = try? usingWriter { $0.leaveFilesOnClose() }
        close()
    }

    func close() {
        for _ in 0..<readerLimit { readerSlots.wait() }
        let idle = readers.withLock { state in
            state.isClosed = true
            defer { state.idle = [] }
            return state.idle
        }
        for _ in 0..<readerLimit { readerSlots.signal() }
        for reader in idle { reader.close() }
        _ = try? usingWriter { $0.close() }
    }
}
