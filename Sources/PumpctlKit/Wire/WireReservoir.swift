public import PumpCore
public import Varlink

/// `Reservoir`: the drug in it, fill and remaining volume (nL), level and forecast.
public struct WireReservoir: WireRecord, Hashable {
    public var drug: Drug
    public var filledAt: String
    public var fillVolume: Int64
    public var remaining: Int64
    /// ok, low or empty.
    public var level: String
    public var lowReservoirAt: String?
    public var emptyAt: String?

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        drug = try fields.required("drug")
        filledAt = try fields.required("filledAt")
        fillVolume = try fields.required("fillVolume")
        remaining = try fields.required("remaining")
        level = try fields.required("level")
        lowReservoirAt = try fields.optional("lowReservoirAt")
        emptyAt = try fields.optional("emptyAt")
    }

    /// `18.25 mL of 20 mL baclofen 2000 µg/mL (ok)`.
    public var text: String {
        "\(QuantityFormatter.volume(nanolitres: remaining)) of \(QuantityFormatter.volume(nanolitres: fillVolume)) \(drug.text) (\(level))"
    }
}
