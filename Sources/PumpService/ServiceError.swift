public import PumpStorage
public import PumpHardware

/// Why the service could not start; each case says what to do.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    case storage(StorageError)
    case unreadableCheckpoint(path: String, reason: String)
    /// The newest intact checkpoint cannot be read by this build, an older one can: resuming from
    /// it would silently lose what the newer one records (refused, even accepted by hand).
    case unreadableNewestCheckpoint(path: String, newest: String, readable: String, reason: String)
    case hardware(HardwareError)
    case socket(path: String, reason: String)

    public var description: String {
        switch self {
        case .storage(let error): "state database: \(error)"
        case .unreadableCheckpoint(let path, let reason):
            "state database \(path): the latest therapy checkpoint cannot be read (\(reason)); pumpd will not start "
                + "with empty state over it. Inspect or move the database aside deliberately."
        case .unreadableNewestCheckpoint(let path, let newest, let readable, let reason):
            "state database \(path): the newest therapy checkpoint (saved \(newest)) cannot be read by this build "
                + "(\(reason)); an older one (saved \(readable)) can, but resuming from it would silently lose what the "
                + "newer one records, which the database's history already holds. pumpd will not start from it, "
                + "--accept-restored-state or not: run a build that reads the newest checkpoint (a newer build wrote it, "
                + "or this build misreads it), or move the database aside deliberately."
        case .hardware(let error): "rig: \(error)"
        case .socket(let path, let reason): "control socket \(path): \(reason)"
        }
    }
}
