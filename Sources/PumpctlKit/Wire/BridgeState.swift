/// io.pumpd.Pump's `Bridge`: after a refill at a new concentration, the old drug still in the
/// catheter is delivered first. Concentrations in µg/mL, `oldDrugLeft` in nL (old drug before the
/// new reaches the tip), `volumeRateChangesAt` when the pump switches to the new volume rate.
public struct BridgeState: Codable, Sendable, Hashable {
    public var oldConcentration: Int64
    public var newConcentration: Int64
    public var oldDrugLeft: Int64
    public var volumeRateChangesAt: String?

    public init(oldConcentration: Int64, newConcentration: Int64, oldDrugLeft: Int64, volumeRateChangesAt: String?) {
        self.oldConcentration = oldConcentration
        self.newConcentration = newConcentration
        self.oldDrugLeft = oldDrugLeft
        self.volumeRateChangesAt = volumeRateChangesAt
    }
}
