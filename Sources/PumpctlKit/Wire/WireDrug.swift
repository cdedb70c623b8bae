public import Varlink

/// `Drug`: a name and its concentration in µg/mL.
public struct WireDrug: WireRecord, Hashable {
    public var name: String
    public var concentration: Int64

    public init(name: String, concentration: Int64) {
        self.name = name
        self.concentration = concentration
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        name = try fields.required("name")
        concentration = try fields.required("concentration")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue { ["name": .string(name), "concentration": .integer(concentration)] }

    /// `baclofen 2000 µg/mL`.
    public var text: String { "\(name) \(QuantityFormatter.concentration(microgramsPerMillilitre: concentration))" }
}
