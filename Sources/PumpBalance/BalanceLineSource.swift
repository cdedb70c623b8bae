public import PumpCore

/// Where balance lines come from: a serial balance (`SerialBalanceReader`), or anything else that
/// delivers lines and accepts commands the same way.
public protocol BalanceLineSource: Sendable {
    /// The next line (without its terminator), or nil if no complete line arrived within
    /// `timeout`. Blank lines are skipped but counted in line numbers.
    func nextLine(timeout: TimeSpan) throws(SerialPortError) -> BalanceLine?

    /// Sends `command` followed by CR LF, e.g. `SI` to ask an MT-SICS balance for the weight now.
    func send(_ command: String) throws(SerialPortError)
}

extension BalanceLineSource {
    /// Sends `command` (MT-SICS `SI` by default: the weight now, stable or not) and returns the
    /// reading in the first line that arrives within `timeout`, or nil if none does.
    public func requestReading(
        command: String = "SI", parser: BalanceLineParser = BalanceLineParser(), timeout: TimeSpan
    ) throws(BalanceReadError) -> BalanceReading? {
        let line: BalanceLine?
        do throws(SerialPortError) {
            try send(command)
            line = try nextLine(timeout: timeout)
        } catch {
            throw .port(error)
        }
        guard let line else { return nil }
        do throws(BalanceLineError) {
            return try parser.reading(from: line)
        } catch {
            throw .line(error)
        }
    }
}
