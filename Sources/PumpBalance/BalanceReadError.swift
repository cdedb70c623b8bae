/// Why asking a balance for a reading failed: the port, or the line that came back.
public enum BalanceReadError: Error, Hashable, Sendable, CustomStringConvertible {
    case port(SerialPortError)
    case line(BalanceLineError)

    public var description: String {
        switch self {
        case .port(let error): error.description
        case .line(let error): error.description
        }
    }
}
