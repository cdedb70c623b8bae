extension PumpDatabase {
    /// Opens pumpd's database in `directory`, creating it if — and only if — nothing of it exists.
    ///
    /// - A missing file is created (atomically: the name only ever refers to a complete database),
    ///   unless its `-wal` or `-journal` is present, which may hold state: `.strayJournal`.
    /// - An existing file must be an SQLite database with pumpd's application id
    ///   (`.notAPumpDatabase`), of a schema version this build knows (`.newerSchema`), and pass
    ///   SQLite's full `integrity_check` and a check that every schema object is present
    ///   (`.damaged`). These checks run before anything may write to it, so a refused file is
    ///   left byte for byte as it was.
    /// - The connection then runs in WAL mode with `synchronous=FULL`, foreign keys on and a busy
    ///   timeout, each read back and verified (`.unsafeSetting`).
    ///
    /// The directory must exist (`.directoryMissing`). The open holds `<fileName>.lock` until
    /// `close()`: a second open of the same database, from this or another process, fails with
    /// `.inUse`. Call from the daemon's start-up; it runs the integrity check, which reads the
    /// whole file.
    ///
    /// The database is then compared with its seal (`DurabilitySeal`): a database that holds less
    /// than, or other than, what pumpd last acknowledged is refused (`.rolledBack`, with the
    /// evidence), unless `acceptingRestoredState`, when it opens with that evidence in
    /// `restoredDespite` for the daemon to start stopped with an alarm. A missing database whose
    /// seal exists is refused (`.stateMissing`).
    ///
    /// `checked`: the checks `check(directory:fileName:)` made of this directory's database (ahead,
    /// on another thread); without them, the open makes them itself first.
    ///
    /// `acceptable`: asked, before a database of this build's schema with evidence is accepted, with
    /// what it holds for a restore (as its read-only checks read it) whether its state can be
    /// restored; a reason it returns refuses the open (`.acceptanceRefused`) before any writer is
    /// opened: nothing is written, and the next start finds the same evidence.
    public static func open(
        directory: String, fileName: String = "pumpd.sqlite", acceptingRestoredState: Bool = false, checked: CheckedDatabase? = nil,
        acceptable: ((RestorableState) -> String?)? = nil
    ) throws(StorageError) -> PumpDatabase {
        var checked = if let checked { checked } else { try check(directory: directory, fileName: fileName) }
        guard checked.files.path == DatabaseFiles(directory: directory, fileName: fileName).path else {
            throw .invalidValue(field: "checked", reason: "the checks made are of \(checked.files.path), not of \(fileName) in \(directory)")
        }
        if CheckedFilesState.of(checked.files) != checked.filesState {
            // Changed since the checks (made ahead, while the profile loaded): checked again, as
            // found now, under the lock already held. A writer opened ahead is closed first (its
            // file may not be the one found now), and opened anew if the file passes.
            if let early = checked.takeWriter() { checked.closeUnused(early) }
            checked = try checkExisting(checked.files, lock: checked.lock, isNew: false)
        }
        let files = checked.files, lock = checked.lock, isNew = checked.isNew, version = checked.version
        let evidence = checked.rolledBack, checkedSeal = checked.seal
        if !evidence.isEmpty && !acceptingRestoredState { throw .rolledBack(path: files.path, evidence: evidence) }
        if !evidence.isEmpty, let acceptable, let restorable = checked.restorable, let reason = acceptable(restorable) {
            throw .acceptanceRefused(path: files.path, evidence: evidence, reason: reason)
        }
        let connection: OpenConnection
        if let writer = checked.takeWriter() {
            connection = writer
        } else {
            connection = OpenConnection(pool: try openPool(files.path), lock: lock)
            try prepare(connection.pool, path: files.path, from: version)
        }
        let pool = connection.pool
        // A migration may rewrite rows: their digests are then taken anew (the seal was verified before it).
        let (seal, sealFile) = try resealed(
            pool, files: files, trusting: evidence.isEmpty && version == Schema.version ? checkedSeal : nil,
            exact: checked.sealIsExact)
        var watched = WatchedFiles(entries: [])
        for (path, role) in [(files.path, "the database"), (files.writeAheadLog, "its write-ahead log"), (files.seal, "its seal"), (files.lock, "its lock")] {
            guard let identity = FileIdentity.of(path) else {
                throw .cannotOpen(path: path, reason: "it vanished while pumpd opened the database")
            }
            watched.entries.append((path, role, identity))
        }
        return PumpDatabase(
            files: files, isNew: isNew, connection: connection, seal: seal, sealFile: sealFile, watched: watched,
            restoredDespite: evidence)
    }

    /// What `open` does before it opens the database for writing: refuses a directory or file it
    /// cannot use, takes the lock, creates a missing database (as `open` says) or discards an
    /// interrupted creation's scratch files, and runs `ExistingDatabaseCheck` on an existing one
    /// (read-only). `open(…, checked:)` continues from the result; nothing is written to an
    /// existing database or its seal here.
    public static func check(directory: String, fileName: String = "pumpd.sqlite") throws(StorageError) -> CheckedDatabase {
        try check(directory: directory, fileName: fileName, creatingMissing: true)!
    }

    /// `check(directory:fileName:)`, except that a database missing once the lock is held is left
    /// missing (nil, the lock released) when not `creatingMissing`: for a check made ahead of the
    /// profile's loading, which must create nothing (a bad profile changes nothing). `peek`: as
    /// `ExistingDatabaseCheck.run` says.
    static func check(
        directory: String, fileName: String, creatingMissing: Bool, peek: (([StoredCheckpoint]) -> Void)? = nil
    ) throws(StorageError) -> CheckedDatabase? {
        if fileName.isEmpty || fileName.contains("/") || fileName == "." || fileName == ".." {
            throw .invalidValue(field: "fileName", reason: "\"\(fileName)\" is not a plain file name")
        }
        switch try FileSystem.kind(of: directory) {
        case .directory: break
        case .missing: throw .directoryMissing(directory: directory)
        case .regular, .other: throw .cannotOpen(path: directory, reason: "it is not a directory")
        }
        let files = DatabaseFiles(directory: directory, fileName: fileName)
        let lock = try FileLock(path: files.lock, database: files.path)

        let isNew: Bool
        switch try FileSystem.kind(of: files.path) {
        case .missing:
            if let companion = files.stateBearingCompanions.first(where: FileSystem.exists) {
                throw .strayJournal(path: files.path, journalPath: companion)
            }
            if FileSystem.exists(files.seal) { throw .stateMissing(path: files.path, sealPath: files.seal) }
            guard creatingMissing else { return nil }
            try DatabaseCreation.create(files)
            isNew = true
        case .regular:
            DatabaseCreation.discardScratch(files)
            isNew = false
        case .directory:
            throw .cannotOpen(path: files.path, reason: "a directory is in its place")
        case .other:
            throw .cannotOpen(path: files.path, reason: "it is not a regular file")
        }

        return try checkExisting(files, lock: lock, isNew: isNew, peek: peek)
    }

    /// `checked`, with its writer opened as `open` opens it (`openPool`, `prepare`), when opening
    /// it now cannot write anything: the checks passed with no evidence of a rollback, the schema
    /// is this build's (no migration), the file's header is already in WAL mode (setting it on a
    /// rollback-journal file writes the header), its `-wal` is missing or empty (a log left with
    /// commits in it would be folded into the file by the writer's close), and the files are as
    /// they were checked. The files' state recorded is then the one after the open (its new,
    /// empty `-wal`), for `open`'s comparison. Otherwise, or when the open fails (its connection
    /// closed, so `open` meets the same failure itself), `checked` as it is. For the checks made
    /// ahead (`DatabaseCheckAhead`): the main thread then finds the writer open.
    static func openingWriterAhead(_ checked: CheckedDatabase) -> CheckedDatabase {
        let files = checked.files
        guard !checked.holdsWriter, !checked.isNew, checked.rolledBack.isEmpty, checked.version == Schema.version,
              (checked.filesState.entries[1]?.size ?? 0) == 0, DatabaseHeader.isInWALMode(path: files.path),
              CheckedFilesState.of(files) == checked.filesState, let pool = try? openPool(files.path)
        else { return checked }
        let writer = OpenConnection(pool: pool, lock: checked.lock)
        guard (try? prepare(pool, path: files.path, from: checked.version)) != nil else { return checked }
        // The files as the writer left them must be the ones checked, but for the empty `-wal` it
        // created: anything else (a hot `-journal` its first read played back, commits another
        // process wrote, a file renamed in) would otherwise become the state `open` compares
        // with, and go unchecked (review, round 7). Closed leaving the files as they are: `open`
        // then sees the change and checks again.
        let opened = CheckedFilesState.of(files)
        guard opened.isAsChecked(checked.filesState, butForANewEmptyLog: true) else {
            pool.closeLeavingFiles()
            return checked
        }
        return CheckedDatabase(
            files: files, lock: checked.lock, isNew: false, version: checked.version, rolledBack: [], seal: checked.seal,
            filesState: opened, sealIsExact: checked.sealIsExact, writer: writer)
    }

    /// `ExistingDatabaseCheck` of `files` under `lock`, with the files' state as they were checked.
    private static func checkExisting(
        _ files: DatabaseFiles, lock: FileLock, isNew: Bool, peek: (([StoredCheckpoint]) -> Void)? = nil
    ) throws(StorageError) -> CheckedDatabase {
        let state = CheckedFilesState.of(files)
        // Checked read-only, so a refused database and its -wal stay byte for byte as they were.
        let (version, evidence, seal, sealIsExact, restorable) = try ExistingDatabaseCheck.run(files, peek: peek)
        return CheckedDatabase(
            files: files, lock: lock, isNew: isNew, version: version, rolledBack: evidence, seal: seal, filesState: state,
            sealIsExact: sealIsExact, restorable: restorable)
    }

    /// Writes the seal for the database as it is now: continuing `trusting`, a seal the database
    /// was verified against, or chained anew from the first event into a new seal file (a new
    /// database, one whose seal is missing with no state, or one accepted despite evidence).
    /// A trusted seal that already describes the database (the usual clean restart) is kept as it
    /// is, unwritten: rewriting it would only spend a write and an fdatasync before the daemon
    /// can answer, and the next write goes to the other slot as it would have.
    /// `exact`: the checks found the database holding exactly what `trusting` records, so it is
    /// kept without being computed again (the files are the ones checked, under the lock held).
    private static func resealed(
        _ pool: DatabasePool, files: DatabaseFiles, trusting previous: Result<DurabilitySeal, SealProblem>?, exact: Bool = false
    ) throws(StorageError) -> (DurabilitySeal, SealFile) {
        let trusted = try? previous?.get()
        if exact, let trusted {
            return (trusted, try SealFile(path: files.seal, directory: files.directory, creatingWith: trusted))
        }
        do {
            return try pool.writeWithoutTransaction { db in
                let seal = try SealVerification.resealed(db, from: trusted ?? .empty)
                let file = try SealFile(path: files.seal, directory: files.directory, creatingWith: seal, replacing: trusted == nil)
                guard let trusted else { return (seal, file) }
                var unchanged = seal
                unchanged.writes = trusted.writes
                if unchanged == trusted { return (trusted, file) }
                try file.write(seal)
                return (seal, file)
            }
        } catch {
            throw StorageError.from(error, path: files.path, during: .open)
        }
    }

    /// Opens the writer in WAL mode with synchronous=FULL (NORMAL in WAL mode can lose the last
    /// commits on power loss), foreign keys on and a 5 s busy timeout; readers get the same
    /// timeout, foreign keys and page checks. `prepare` reads every setting back.
    private static func openPool(_ path: String) throws(StorageError) -> DatabasePool {
        // Catch a damaged page when it is read, not only at the next open's integrity check.
        let setup = ["PRAGMA cell_size_check = ON"]
        do {
            let writer = try Database(path: path, readOnly: false, busyTimeoutMilliseconds: busyTimeoutMilliseconds, setup: setup)
            guard try String.fetchOne(writer, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw DatabaseError(code: 1, message: "could not activate WAL Mode at path: \(path)")
            }
            try writer.execute(sql: "PRAGMA synchronous = FULL")
            // The writer's reads above opened the -wal and -shm (creating them, empty, after a clean
            // close), which read-only connections need and the open then watches: no write is
            // needed for them (GRDB made one, three fsyncs, for snapshots pumpd does not use).
            return DatabasePool(writer: writer, label: "pumpd.storage", readerLimit: 4) {
                try Database(path: path, readOnly: true, busyTimeoutMilliseconds: busyTimeoutMilliseconds, setup: setup)
            }
        } catch {
            throw StorageError.from(error, path: path, during: .open)
        }
    }

    private static let busyTimeoutMilliseconds: Int32 = 5000

    /// Makes the write connection durable, migrates an older schema and verifies the result.
    private static func prepare(_ pool: DatabasePool, path: String, from version: Int) throws(StorageError) {
        let settings: StorageSettings
        do {
            if version < Schema.version {
                try pool.writeWithoutTransaction { db in try Schema.migrator.migrate(db) }
            }
            settings = try pool.writeWithoutTransaction { db in try PumpDatabase.settings(of: db) }
        } catch {
            throw StorageError.from(error, path: path, during: .open)
        }
        try verify(settings, path: path)
    }

    private static func verify(_ settings: StorageSettings, path: String) throws(StorageError) {
        if settings.journalMode != "wal" {
            throw .unsafeSetting(path: path, setting: "journal_mode", expected: "wal", found: settings.journalMode)
        }
        if settings.synchronous != 2 {
            throw .unsafeSetting(
                path: path, setting: "synchronous", expected: "2 (FULL)", found: String(settings.synchronous))
        }
        if !settings.foreignKeys {
            throw .unsafeSetting(path: path, setting: "foreign_keys", expected: "on", found: "off")
        }
        if settings.busyTimeoutMilliseconds <= 0 {
            throw .unsafeSetting(
                path: path, setting: "busy_timeout", expected: "> 0 ms", found: String(settings.busyTimeoutMilliseconds))
        }
        if settings.applicationID != Schema.applicationID {
            throw .notAPumpDatabase(path: path, reason: DatabaseHeader.applicationIDReason(settings.applicationID))
        }
        if settings.schemaVersion != Schema.version {
            throw .unsafeSetting(
                path: path, setting: "user_version", expected: String(Schema.version),
                found: String(settings.schemaVersion))
        }
    }
}
