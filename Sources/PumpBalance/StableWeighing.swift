public import PumpCore

extension BalanceLineSource {
    /// Asks for the weight (MT-SICS `SI`) until the balance declares a reading stable, at most
    /// `attempts` times, each waiting up to `timeout` for its line; returns that stable reading.
    /// For weighing what a calibration run pushed: a dynamic value while drops still settle is
    /// not a measurement to calibrate from.
    ///
    /// - Throws: `BalanceReadError` for a port or line fault; `.noStableReading` when none of
    ///   the attempts gave a stable weight.
    public func stableReading(
        attempts: Int = 20, timeout: TimeSpan = .seconds(2), parser: BalanceLineParser = BalanceLineParser()
    ) throws(BalanceReadError) -> BalanceReading {
        var last: BalanceReading?
        for _ in 0..<max(attempts, 1) {
            if let reading = try requestReading(parser: parser, timeout: timeout) {
                if reading.isStable { return reading }
                last = reading
            }
        }
        throw .noStableReading(attempts: max(attempts, 1), last: last)
    }
}
