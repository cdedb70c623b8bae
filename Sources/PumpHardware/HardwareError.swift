/// Why a hardware operation failed: what, where, and the underlying error. Every case names the
/// device, line or file involved, so an operator can find it.
public enum HardwareError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No GPIO chip matched the profile's chip label, name or path.
    case chipNotFound(String)
    /// The chip has no line with this name or offset.
    case lineNotFound(chip: String, line: String)
    /// A GPIO request or ioctl failed; `errno` is the C error number.
    case gpio(operation: String, line: String, errno: Int32)
    /// Reading a sysfs or device file failed (vanished, permission, I/O error).
    case read(path: String, errno: Int32)
    /// A file held text that is not a number.
    case unparsable(path: String, text: String)
    /// A value outside what the sensor can physically report.
    case outOfRange(source: String, value: Int64, range: ClosedRange<Int64>)
    /// A reading that should change has not changed for too long.
    case stuck(source: String, value: Int64, seconds: Int64)
    /// The motor did not move when driven (no encoder pulse within the timeout).
    case stall(motor: String, detail: String)
    /// The motor driver reports a fault on its fault output.
    case driverFault(motor: String)
    /// The operation is not supported by this backend (e.g. debounce on libgpiod 1.6).
    case unsupported(String)

    public var description: String {
        switch self {
        case .chipNotFound(let chip): "GPIO chip \(chip) not found"
        case .lineNotFound(let chip, let line): "GPIO line \(line) not found on \(chip)"
        case .gpio(let operation, let line, let errno): "GPIO \(operation) on \(line) failed: \(Self.errnoText(errno))"
        case .read(let path, let errno): "reading \(path) failed: \(Self.errnoText(errno))"
        case .unparsable(let path, let text): "\(path) holds \"\(text)\", not a number"
        case .outOfRange(let source, let value, let range):
            "\(source) reads \(value), outside the physical range \(range.lowerBound)…\(range.upperBound)"
        case .stuck(let source, let value, let seconds): "\(source) stuck at \(value) for \(seconds) s"
        case .stall(let motor, let detail): "motor \(motor) stalled: \(detail)"
        case .driverFault(let motor): "motor driver \(motor) reports a fault"
        case .unsupported(let what): "not supported: \(what)"
        }
    }

    static func errnoText(_ code: Int32) -> String {
        switch code {
        case 2: "no such file or directory (ENOENT)"
        case 5: "input/output error (EIO)"
        case 13: "permission denied (EACCES)"
        case 16: "device or resource busy (EBUSY)"
        case 19: "no such device (ENODEV)"
        case 22: "invalid argument (EINVAL)"
        default: "errno \(code)"
        }
    }
}
