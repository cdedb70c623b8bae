/// Why a simulated rig's state file cannot be used. pumpd refuses to start on it (a rig whose
/// physical state is unknown cannot be the truth a test compares against); remove the file to
/// start the simulated hardware afresh.
public enum RigStateFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    /// Not a rig state file of this layout (another file, another build's layout).
    case foreign(path: String, reason: String)
    /// A rig state file whose slots are both torn or corrupted.
    case damaged(path: String, reason: String)
    /// The file was written for a rig with other physical parameters.
    case otherRig(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let errno): "the simulated rig's state file \(path) cannot be opened (errno \(errno))"
        case .foreign(let path, let reason): "\(path) is not a simulated rig state file this build reads: \(reason); remove it to start the rig afresh"
        case .damaged(let path, let reason): "the simulated rig's state file \(path) is damaged: \(reason); remove it to start the rig afresh"
        case .otherRig(let path, let reason): "the simulated rig's state file \(path) belongs to another rig: \(reason); remove it to start the rig afresh"
        }
    }
}
