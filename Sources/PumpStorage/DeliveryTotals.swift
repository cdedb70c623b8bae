/// Sum of the hourly delivery history.
public struct DeliveryTotals: Sendable, Hashable {
    /// Total volume delivered, nanolitres.
    public var volumeNanolitres: Int64
    /// Total drug mass delivered, nanograms.
    public var massNanograms: Int64
    /// Number of hours with a delivery record.
    public var hours: Int

    public init(volumeNanolitres: Int64, massNanograms: Int64, hours: Int) {
        self.volumeNanolitres = volumeNanolitres
        self.massNanograms = massNanograms
        self.hours = hours
    }
}
