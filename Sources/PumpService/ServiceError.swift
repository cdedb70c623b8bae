public import PumpStorage
public import PumpHardware

/// Why the service could not start; each case says what to do.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    case storage(StorageError)
    case unreadableCheckpoint(path: String, reason: String)
    /// The newest intact checkpoint cannot be read by this build, an older one can: resuming from
    /// it would silently lose what the newer one records (refused unless accepted by hand).
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
                + "newer one records. Run the build that wrote it, or start with --accept-restored-state to resume from "
                + "the older one (stopped, with a storage-failure alarm, for a clinician to review)."
        case .hardware(let error): "rig: \(error)"
        case .socket(let path, let reason): "control socket \(path): \(reason)"
        }
    }
}
