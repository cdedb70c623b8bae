public import PumpStorage
public import PumpHardware

/// Why the service could not start; each case says what to do.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    case storage(StorageError)
    case unreadableCheckpoint(path: String, reason: String)
    case hardware(HardwareError)
    case socket(path: String, reason: String)

    public var description: String {
        switch self {
        case .storage(let error): "state database: \(error)"
        case .unreadableCheckpoint(let path, let reason):
            "state database \(path): the latest therapy checkpoint cannot be read (\(reason)); pumpd will not start "
                + "with empty state over it. Inspect or move the database aside deliberately."
        case .hardware(let error): "rig: \(error)"
        case .socket(let path, let reason): "control socket \(path): \(reason)"
        }
    }
}
