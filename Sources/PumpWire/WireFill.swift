public import PumpCore

/// `Refill`: volume nL of drug filled after withdrawn nL was drawn out of the old fill; with a
/// program for a drug or dose change.
public struct WireRefill: Codable, Sendable, Hashable {
    public var volume: Int64
    public var drug: Drug
    public var withdrawn: Int64
    public var prescription: Prescription?

    public init(volume: Int64, drug: Drug, withdrawn: Int64, prescription: Prescription? = nil) {
        self.volume = volume
        self.drug = drug
        self.withdrawn = withdrawn
        self.prescription = prescription
    }

    public var request: RefillRequest {
        RefillRequest(volume: Volume(nanolitres: volume), drug: drug, withdrawn: Volume(nanolitres: withdrawn), prescription: prescription)
    }
}

/// `FirstFill`: the commissioning fill of a pump never filled: volume nL of drug, the fluid path
/// primed with it or not.
public struct WireFirstFill: Codable, Sendable, Hashable {
    public var volume: Int64
    public var drug: Drug
    public var primed: Bool

    public init(volume: Int64, drug: Drug, primed: Bool) {
        self.volume = volume
        self.drug = drug
        self.primed = primed
    }

    public var request: FirstFillRequest { FirstFillRequest(volume: Volume(nanolitres: volume), drug: drug, primed: primed) }
}

/// `Bridge`: concentrations µg/mL; oldDrugLeft nL of old drug before the new reaches the tip;
/// when the volume rate changes at the flow now.
public struct WireBridge: Codable, Sendable, Hashable {
    public var oldConcentration: Int64
    public var newConcentration: Int64
    public var oldDrugLeft: Int64
    public var volumeRateChangesAt: String?

    public init(_ bridge: Bridge) {
        oldConcentration = bridge.oldConcentration.microgramsPerMillilitre
        newConcentration = bridge.newConcentration.microgramsPerMillilitre
        oldDrugLeft = bridge.oldDrugLeft.nanolitres
        volumeRateChangesAt = bridge.volumeRateChangesAt?.description
    }
}
