/// One weight value from a balance, with whether the balance declared it stable.
public struct BalanceReading: Hashable, Sendable, CustomStringConvertible {
    public var mass: BalanceMass
    /// The balance's own stability flag (MT-SICS `S S` rather than `S D`; a Sartorius line
    /// with its unit printed). A dynamic value is still a measurement: with fluid dripping in
    /// continuously a balance may rarely settle, so whether to accept it is the caller's choice.
    public var isStable: Bool

    public init(mass: BalanceMass, isStable: Bool) {
        self.mass = mass
        self.isStable = isStable
    }

    public var description: String { "\(mass)\(isStable ? "" : " (dynamic)")" }
}
