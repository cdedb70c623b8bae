/// What the alarm outputs show at one instant: the buzzer sounding, the red and the yellow lamp lit.
public struct AnnunciatorLevels: Hashable, Sendable, CustomStringConvertible {
    public var buzzer: Bool
    public var red: Bool
    public var yellow: Bool

    public init(buzzer: Bool = false, red: Bool = false, yellow: Bool = false) {
        self.buzzer = buzzer
        self.red = red
        self.yellow = yellow
    }

    /// Everything off.
    public static let off = AnnunciatorLevels()

    public var description: String { "buzzer \(buzzer ? "on" : "off"), red \(red ? "on" : "off"), yellow \(yellow ? "on" : "off")" }
}
