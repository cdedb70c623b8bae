import PumpHardware

/// A line table's `drive` as written.
enum GPIODriveName: String, CaseIterable {
    case pushPull = "push_pull"
    case openDrain = "open_drain"
    case openSource = "open_source"

    var drive: GPIODrive {
        switch self {
        case .pushPull: .pushPull
        case .openDrain: .openDrain
        case .openSource: .openSource
        }
    }
}
