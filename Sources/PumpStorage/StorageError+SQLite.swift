extension StorageError {
    /// What the store was doing when an error happened; decides which case an SQLite error maps to.
    enum Access {
        case open, read, write
    }

    /// Turns any error from SQLite or a stored record into the operator-facing case.
    static func from(_ error: any Error, path: String, during access: Access) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? StoredValueOutOfDomain {
            return .damaged(path: path, findings: ["a stored record is out of its domain: \(error.description)"])
        }
        if error is RowDecodingError {
            return .damaged(path: path, findings: ["a stored record does not match the schema: \(error)"])
        }
        guard let error = error as? DatabaseError else {
            if access == .write { return .aborted(path: path, reason: String(describing: error)) }
            return generic(path: path, reason: "\(error)", during: access)
        }
        let reason = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .damaged(path: path, findings: [reason])
        case .SQLITE_FULL:
            return access == .write ? .storageFull(path: path) : generic(path: path, reason: reason, during: access)
        case .SQLITE_MISUSE where error.message == "Connection is closed":
            return .closed(path: path)
        default:
            return generic(path: path, reason: reason, during: access)
        }
    }

    private static func generic(path: String, reason: String, during access: Access) -> StorageError {
        switch access {
        case .open: return .cannotOpen(path: path, reason: reason)
        case .read: return .readFailed(path: path, reason: reason)
        case .write: return .writeFailed(path: path, reason: reason)
        }
    }
}
