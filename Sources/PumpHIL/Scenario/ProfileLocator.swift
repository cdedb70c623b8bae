import Foundation

/// Finds the rig profile a scenario runs on, from the scenario FILE's place, never the working
/// directory, so `pump-hil run` means the same from anywhere:
/// - `profile = "…"` relative: against the scenario file's directory; absolute: as written;
/// - no `profile`: the nearest ``defaultProfile`` in the scenario's directory or an ancestor
///   (a scenario in a repository's `Tests/Scenarios` finds the repository's `hw-profiles/sim.toml`).
public struct ProfileLocator: Sendable {
    /// The profile a scenario without `profile` runs on, looked for upwards from the scenario.
    public static let defaultProfile = "hw-profiles/sim.toml"

    public enum Outcome: Sendable, Hashable {
        /// The profile's absolute path.
        case found(String)
        /// Nothing there: every absolute path it tried, nearest first.
        case missing(tried: [String])
    }

    private let isFile: @Sendable (String) -> Bool

    /// `isFile`: whether a regular file (or a link to one) is at the path; the file system's answer by default.
    public init(isFile: @escaping @Sendable (String) -> Bool = ProfileLocator.regularFileExists) { self.isFile = isFile }

    public static func regularFileExists(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
    }

    /// Where the profile `written` (nil: none written) of the scenario at `scenarioFile` is.
    public func locate(_ written: String?, forScenarioAt scenarioFile: String) -> Outcome {
        let directory = URL(fileURLWithPath: scenarioFile).absoluteURL.deletingLastPathComponent().standardizedFileURL
        guard let written else {
            var tried: [String] = []
            var place = directory
            while true {
                let candidate = place.appendingPathComponent(Self.defaultProfile).path
                tried.append(candidate)
                if isFile(candidate) { return .found(candidate) }
                let parent = place.deletingLastPathComponent().standardizedFileURL
                if parent.path == place.path { return .missing(tried: tried) }
                place = parent
            }
        }
        let path = written.hasPrefix("/") ? written : directory.appendingPathComponent(written).standardizedFileURL.path
        return isFile(path) ? .found(path) : .missing(tried: [path])
    }
}
