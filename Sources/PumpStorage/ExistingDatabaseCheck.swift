internal import Glibc

/// Everything pumpd verifies about an existing database file before it opens it for writing:
/// pumpd's application id, a schema version it knows, SQLite's full integrity check and every
/// schema object (the history triggers above all).
///
/// The checks run on a read-only connection, so a file that fails them is left exactly as it was:
/// a read-write connection closing on it would checkpoint the WAL into the main file. Without a
/// `-wal` or `-journal` (pumpd's clean stop leaves neither) the connection is immutable and reads
/// the main file alone, which then holds all the state: a plain read-only one would create an
/// empty `-wal` and a `-shm` beside it (two new files, and their removal after the check: a
/// sixth of the check's time at a start).
enum ExistingDatabaseCheck {
    /// Returns the schema version of a database that passed every check, the evidence (empty
    /// when there is none) that it is not the state its seal says was last acknowledged, the
    /// seal as read for that comparison (the open trusts that reading rather than parsing the file
    /// again), whether the database holds exactly what that seal records, and, with evidence and
    /// this build's schema, what it holds for a restore (asked about before an acceptance).
    ///
    /// `peek`: given the intact checkpoints, newest first, read before any check (errors ignored,
    /// nothing given when the schema version is not this build's), for work its caller can do
    /// meanwhile; what it gets is unchecked.
    static func run(
        _ files: DatabaseFiles, peek: (([StoredCheckpoint]) -> Void)? = nil
    ) throws(StorageError) -> (
        version: Int, rolledBack: [String], seal: Result<DurabilitySeal, SealProblem>, sealIsExact: Bool, restorable: RestorableState?
    ) {
        let path = files.path
        guard FileSystem.isAccessible(path, mode: R_OK | W_OK) else {
            throw .cannotOpen(path: path, reason: "the pumpd user may not read and write it")
        }
        guard FileSystem.isAccessible(files.directory, mode: W_OK | X_OK) else {
            throw .cannotOpen(path: path, reason: "the pumpd user may not create files in \(files.directory)")
        }
        _ = try DatabaseHeader.readPumpHeader(path: path)

        // Under the lock, nothing of pumpd's creates a companion meanwhile; a writer that ignores
        // the lock changes the files' state, which the open compares (`CheckedFilesState`) and
        // then checks again.
        let mainFileAlone = !files.stateBearingCompanions.contains(where: FileSystem.exists)
        // A plain read-only connection (a companion is there: a `-journal` alone, say) creates an
        // empty `-wal` and a `-shm` beside a file that had none: removed, so a refused file is left
        // with exactly the files it came with.
        let hadLog = FileSystem.exists(files.writeAheadLog)
        let hadIndex = FileSystem.exists(files.sharedMemory)
        defer { if !mainFileAlone { removeCompanionsThisCheckCreated(files, hadLog: hadLog, hadIndex: hadIndex) } }

        let findings: (version: Int, problems: [String])
        var rolledBack: [String] = [], sealIsExact = false, restorable: RestorableState?
        let seal = SealFile.read(files.seal)
        do {
            let db = try Database(path: path, readOnly: true, immutable: mainFileAlone)
            defer { db.close() }
            // Outside a transaction: after SQLITE_CORRUPT a read transaction's COMMIT fails too,
            // and the findings gathered so far would be lost with it.
            findings = try inspect(db, path: path, peek: peek)
            if findings.problems.isEmpty { (rolledBack, sealIsExact) = try sealFindings(db, seal, files) }
            if !rolledBack.isEmpty, findings.version == Schema.version {
                restorable = RestorableState(
                    newestFirst: try PumpDatabase.intactCheckpoints(in: db),
                    holdsEvents: try Int64.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)") ?? 0 > 0)
            }
        } catch {
            throw StorageError.from(error, path: path, during: .open)
        }
        if !findings.problems.isEmpty {
            throw .damaged(path: path, findings: findings.problems)
        }
        return (findings.version, rolledBack, seal, sealIsExact, restorable)
    }

    /// Where the database holds less than, or other than, what its seal records; and whether it
    /// holds exactly what the seal records (`SealVerification.findings`).
    private static func sealFindings(
        _ db: Database, _ seal: Result<DurabilitySeal, SealProblem>, _ files: DatabaseFiles
    ) throws -> (findings: [String], exact: Bool) {
        switch seal {
        case .success(let seal): return try SealVerification.findings(db, against: seal)
        case .failure(.missing):
            return (try SealVerification.holdsState(db) ? ["its seal \(files.seal) is missing although the database holds state"] : [], false)
        case .failure(.damaged(let reason)): return (["its seal \(files.seal) is damaged: \(reason)"], false)
        }
    }

    private static func inspect(_ db: Database, path: String, peek: (([StoredCheckpoint]) -> Void)?) throws -> (version: Int, problems: [String]) {
        let applicationID = try Int64.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        guard UInt32(truncatingIfNeeded: applicationID) == Schema.applicationID else {
            throw StorageError.notAPumpDatabase(
                path: path, reason: DatabaseHeader.applicationIDReason(UInt32(truncatingIfNeeded: applicationID)))
        }
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version > Schema.version {
            throw StorageError.newerSchema(path: path, found: version, supported: Schema.version)
        }
        if let peek, version == Schema.version, let found = try? PumpDatabase.intactCheckpoints(in: db) { peek(found) }
        var problems = try integrityFindings(db)
        if !problems.isEmpty { return (version, problems) }

        if version == 0 {
            return (version, ["schema version 0 with pumpd's application id: its creation never completed"])
        }
        if try db.tableExists("grdb_migrations") {
            let known = Set(Schema.migrator.migrations)
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            if applied.contains(where: { !known.contains($0) }) {
                throw StorageError.newerSchema(path: path, found: version, supported: Schema.version)
            }
        }
        for foreignKey in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            problems.append("foreign key violation: \(foreignKey)")
        }
        if version == Schema.version {
            let present = Set(
                try Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master").map { row in
                    "\(row["type"] as String? ?? "") \(row["name"] as String? ?? "")"
                })
            for object in Schema.requiredObjects where !present.contains("\(object.type) \(object.name)") {
                problems.append("schema \(object.type) \(object.name) is missing")
            }
        }
        return (version, problems)
    }

    /// The full `PRAGMA integrity_check` (not quick_check, which skips checking that every index
    /// matches its table and that UNIQUE constraints hold), as findings; empty when it says "ok".
    /// SQLite can report some findings and then fail with SQLITE_CORRUPT: both are kept.
    private static func integrityFindings(_ db: Database) throws -> [String] {
        var findings: [String] = []
        do {
            let rows = try String.fetchCursor(db, sql: "PRAGMA integrity_check")
            while let row = try rows.next() {
                // One row can hold several findings under a "*** in database main ***" heading.
                findings += row.split(separator: "\n").map(String.init).filter { $0 != "ok" && !$0.hasPrefix("***") }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            findings.append("integrity_check stopped: \(error.message ?? "database disk image is malformed")")
        }
        return findings
    }

    /// Removes the empty `-wal` (and the `-shm`) a read-only connection created beside a file that
    /// had neither.
    private static func removeCompanionsThisCheckCreated(_ files: DatabaseFiles, hadLog: Bool, hadIndex: Bool) {
        if !hadLog, case .regular(size: 0)? = try? FileSystem.kind(of: files.writeAheadLog) {
            FileSystem.remove(files.writeAheadLog)
            if !hadIndex { FileSystem.remove(files.sharedMemory) }
        }
    }
}
