/// Delivery during one UTC hour. Totals only ever grow: deliveries are added, never subtracted.
public struct HourlyDelivery: Sendable, Hashable {
    /// Start of the hour, nanoseconds since the Unix epoch; a whole UTC hour.
    public var hourStartWallNanoseconds: Int64
    /// Volume delivered in the hour, nanolitres (≥ 0).
    public var volumeNanolitres: Int64
    /// Drug mass delivered in the hour, nanograms (≥ 0).
    public var massNanograms: Int64

    /// One UTC hour in nanoseconds; hour starts are whole multiples of it.
    public static let hourNanoseconds: Int64 = 3_600_000_000_000

    public init(hourStartWallNanoseconds: Int64, volumeNanolitres: Int64, massNanograms: Int64) {
        self.hourStartWallNanoseconds = hourStartWallNanoseconds
        self.volumeNanolitres = volumeNanolitres
        self.massNanograms = massNanograms
    }
}
