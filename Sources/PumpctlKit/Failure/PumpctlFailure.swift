import PumpCore
import Varlink

/// A failure that ends a command: what to tell the user and the exit status it maps to.
public struct PumpctlFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// How pumpctl exits.
    public let status: PumpctlExit
    /// One or more lines, without a trailing newline.
    public let message: String

    /// A failure exiting with `status` after printing `message`.
    public init(_ status: PumpctlExit, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Any error a command can end with, as what to print and how to exit: daemon refusals by
    /// `DaemonErrorMessage`, bad quantities as usage errors, unreadable replies and anything
    /// unexpected as transport failures.
    public init(_ error: any Error) {
        switch error {
        case let failure as PumpctlFailure: self = failure
        case let refusal as VarlinkError: self = DaemonErrorMessage.failure(for: refusal)
        case let quantity as QuantityParseError: self = .usage(quantity.description)
        case let reply as ReplyFormatError: self.init(.transport, reply.description)
        default: self.init(.transport, "pumpctl: \(error)")
        }
    }

    public var description: String { message }

    /// A bad command line.
    public static func usage(_ message: String) -> PumpctlFailure { PumpctlFailure(.usage, message) }
}
