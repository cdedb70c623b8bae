/// Creates a new pumpd database so that the main file name only ever names a complete database.
///
/// The schema is built in `<name>.creating` (rollback journal, synchronous=FULL), which is then
/// synced and hard-linked to the main name — linking fails rather than replace a file that
/// appeared meanwhile — and the directory is synced. A crash part-way leaves only the scratch
/// file, which the next creation discards; it never leaves a half-made `pumpd.sqlite` that a
/// restart would have to refuse. The scratch file is created empty with mode 0600 before SQLite
/// opens it, so the database (and the `-wal` and `-shm` SQLite later gives the same mode) is never
/// readable by other users, whatever the umask.
enum DatabaseCreation {
    static func create(_ files: DatabaseFiles) throws(StorageError) {
        discardScratch(files)
        try FileSystem.createFile(files.scratch)
        do {
            let db = try Database(path: files.scratch, readOnly: false, setup: ["PRAGMA synchronous = FULL"])
            defer { db.close() }
            try Schema.migrator.migrate(db)
        } catch {
            discardScratch(files)
            throw .cannotOpen(path: files.path, reason: "creating a new database failed: \(reasonText(error))")
        }
        do throws(StorageError) {
            if FileSystem.exists(files.scratch + "-journal") {
                throw .cannotOpen(path: files.path, reason: "the new database's journal was not removed")
            }
            try FileSystem.sync(files.scratch)
            try FileSystem.linkWithoutReplacing(files.scratch, as: files.path)
        } catch {
            discardScratch(files)
            throw error
        }
        try FileSystem.sync(files.directory, directory: true)
    }

    /// Removes what an interrupted creation left: never state, because the scratch file is either
    /// an empty schema or — after a crash between link and unlink — a second name of the main file.
    static func discardScratch(_ files: DatabaseFiles) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            FileSystem.remove(files.scratch + suffix)
        }
    }

    private static func reasonText(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error)" }
        return "\(error)"
    }
}
