/// The drug in the reservoir: a name for people and the concentration that dose arithmetic uses.
public struct Drug: Hashable, Sendable, Codable {
    public var name: String
    public var concentration: Concentration

    public init(name: String, concentration: Concentration) {
        self.name = name
        self.concentration = concentration
    }
}
