public import PumpBalance
public import PumpCore

extension GravimetricConversion {
    /// Cumulative delivered volume for each record: its time from the first record's, its volume
    /// that of its mass above the first record's mass (the tare). The recording must start when
    /// the run starts. Empty for no records.
    public func samples(from records: [BalanceRecord]) -> [VolumeSample] {
        guard let first = records.first else { return [] }
        return records.map { VolumeSample(time: $0.time - first.time, delivered: volume(of: $0.mass - first.mass)) }
    }
}
