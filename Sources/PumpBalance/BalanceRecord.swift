public import PumpCore

/// A balance reading at a time: what a balance log or a polled serial balance yields.
public struct BalanceRecord: Hashable, Sendable {
    /// When the reading was taken, from the start of the recording (or any fixed origin).
    public var time: TimeSpan
    public var mass: BalanceMass
    /// The line of the file or stream it came from, when there is one, for messages.
    public var lineNumber: Int?

    public init(time: TimeSpan, mass: BalanceMass, lineNumber: Int? = nil) {
        self.time = time
        self.mass = mass
        self.lineNumber = lineNumber
    }
}
