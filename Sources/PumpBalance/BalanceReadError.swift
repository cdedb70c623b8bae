/// Why asking a balance for a reading failed: the port, or the line that came back.
public enum BalanceReadError: Error, Hashable, Sendable, CustomStringConvertible {
    case port(SerialPortError)
    case line(BalanceLineError)
    /// No stable weight in `attempts` requests (`last`: the last dynamic one, if any).
    case noStableReading(attempts: Int, last: BalanceReading?)

    public var description: String {
        switch self {
        case .port(let error): error.description
        case .line(let error): error.description
        case .noStableReading(let attempts, let last):
            "the balance gave no stable weight in \(attempts) requests" + (last.map { " (last: \($0))" } ?? " (no reading at all)")
        }
    }
}
