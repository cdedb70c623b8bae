/// How a transaction begins (https://www.sqlite.org/lang_transaction.html).
enum TransactionKind: String {
    /// Takes locks as statements need them: what a read-only transaction uses.
    case deferred = "DEFERRED"
    /// Takes the write lock at once, so that two writes never overlap and a write that first
    /// reads cannot fail with SQLITE_BUSY when it starts writing.
    case immediate = "IMMEDIATE"
}
