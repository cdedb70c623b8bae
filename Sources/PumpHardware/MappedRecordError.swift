/// Why a `MappedRecordFile` cannot be used. Its owner refuses to start on it (state whose content
/// is unknown is not guessed); removing the file starts that record afresh.
public enum MappedRecordError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    /// Not a record of this layout (another file, another build's layout).
    case foreign(path: String, reason: String)
    /// Both slots torn or corrupted.
    case damaged(path: String, reason: String)
    /// A valid record written for something else (another rig's physical parameters).
    case mismatch(path: String, reason: String)
    /// Locked by another process that uses it (`MappedRecordFile.open`'s `exclusive`).
    case inUse(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let errno): "\(path) cannot be opened (errno \(errno))"
        case .foreign(let path, let reason): "\(path) is not a record this build reads: \(reason); remove it to start afresh"
        case .damaged(let path, let reason): "\(path) is damaged: \(reason); remove it to start afresh"
        case .mismatch(let path, let reason): "\(path) belongs to something else: \(reason); remove it to start afresh"
        case .inUse(let path): "\(path) is in use by another process"
        }
    }
}
