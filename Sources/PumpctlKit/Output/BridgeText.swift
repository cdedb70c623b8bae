import PumpCore
public import PumpWire

extension WireBridge {
    /// `150 µL of the old 2000 µg/mL drug left before 500 µg/mL reaches the tip; the volume rate changes 2026-12-06T10:00:00+01:00`.
    public var text: String {
        let old = QuantityFormatter.concentration(microgramsPerMillilitre: oldConcentration)
        let new = QuantityFormatter.concentration(microgramsPerMillilitre: newConcentration)
        let change = volumeRateChangesAt.map { "; the volume rate changes \($0)" } ?? ""
        return "\(QuantityFormatter.volume(nanolitres: oldDrugLeft)) of the old \(old) drug left before \(new) reaches the tip\(change)"
    }
}
