#include <sqlite3.h>

// sqlite3_db_config is variadic, and SQLITE_TRANSIENT a cast macro: neither is callable from Swift.

/// Turns off SQLite's memory statistics for the process, which pumpd never reads: with them on,
/// every allocation and free SQLite makes takes a global mutex (about 7 % of the start's state
/// checks). Effective only before SQLite's first use in the process (SQLITE_MISUSE after it, which
/// changes nothing).
static inline int csqlite_turn_off_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Makes "text" an identifier only, never a string literal (a misspelt column is then an error).
static inline void csqlite_disable_double_quoted_strings(sqlite3 *db) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (void *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (void *)0);
}

/// Makes the connection's close leave the write-ahead log as it is: no checkpoint into the main
/// file, and its `-wal` and `-shm` not removed.
static inline void csqlite_no_checkpoint_on_close(sqlite3 *db) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

/// Binds text that SQLite copies at once (SQLITE_TRANSIENT).
static inline int csqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, int bytes) {
    return sqlite3_bind_text(statement, index, text, bytes, SQLITE_TRANSIENT);
}

/// Binds a blob that SQLite copies at once (SQLITE_TRANSIENT).
static inline int csqlite_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int count) {
    return sqlite3_bind_blob(statement, index, bytes, count, SQLITE_TRANSIENT);
}
