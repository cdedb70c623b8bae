#if canImport(Glibc)
import Glibc
#endif

/// Why a serial balance could not be opened, read or written.
public enum SerialPortError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `open` failed (no such device, no permission: is the user in the `dialout` group?).
    case open(path: String, errno: Int32)
    /// The device refused the line settings (not a terminal?).
    case configure(path: String, errno: Int32)
    case read(path: String, errno: Int32)
    case write(path: String, errno: Int32)
    /// The device went away (USB adapter unplugged, the other end of a pseudo-terminal closed).
    case disconnected(path: String)
    /// More than `limit` bytes arrived without a line end: wrong baud rate or not a balance.
    case lineTooLong(path: String, lineNumber: Int, limit: Int)
    /// The reader was closed.
    case closed(path: String)

    public var description: String {
        switch self {
        case .open(let path, let code): "cannot open the balance at \(path): \(Self.text(code))"
        case .configure(let path, let code): "cannot set raw mode and speed on \(path): \(Self.text(code))"
        case .read(let path, let code): "reading the balance at \(path) failed: \(Self.text(code))"
        case .write(let path, let code): "writing to the balance at \(path) failed: \(Self.text(code))"
        case .disconnected(let path): "the balance at \(path) disconnected"
        case .lineTooLong(let path, let line, let limit):
            "line \(line) from \(path) has no line end within \(limit) bytes: check the baud rate and that a balance is connected"
        case .closed(let path): "the balance reader for \(path) is closed"
        }
    }

    static func text(_ code: Int32) -> String { "\(String(cString: strerror(code))) (errno \(code))" }
}
