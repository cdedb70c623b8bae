/// How a transaction body ends: committed, or rolled back without an error.
enum TransactionCompletion {
    case commit
    case rollback
}
