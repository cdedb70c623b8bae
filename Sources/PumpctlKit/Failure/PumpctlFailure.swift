/// A failure that ends a command: what to tell the user and the exit status it maps to.
public struct PumpctlFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let status: PumpctlExit
    /// One or more lines, without a trailing newline.
    public let message: String

    public init(_ status: PumpctlExit, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// A bad command line.
    public static func usage(_ message: String) -> PumpctlFailure { PumpctlFailure(.usage, message) }
}
