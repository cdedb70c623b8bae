public import PumpHardware

/// A GPIO line a profile uses, with the key that names it and where: what the daemon checks
/// against the real chip once it is open (this layer cannot: no chip is needed to validate).
public struct GPIOLineUse: Hashable, Sendable {
    /// The key path, e.g. `motor.step_line` or `motor.microstep_lines[1]`.
    public var keyPath: String
    public var spec: GPIOLineSpec
    /// Where the line's value was written.
    public var location: SourceLocation

    public init(keyPath: String, spec: GPIOLineSpec, location: SourceLocation) {
        self.keyPath = keyPath
        self.spec = spec
        self.location = location
    }

    /// An issue about this line at its place in the profile, e.g. for a line the chip lacks:
    /// `ProfileErrors(file: profile.file, issues: [use.issue(error.description)])`.
    public func issue(_ message: String) -> ProfileIssue {
        ProfileIssue(keyPath: keyPath, location: location, kind: .hardware, message: message)
    }
}
