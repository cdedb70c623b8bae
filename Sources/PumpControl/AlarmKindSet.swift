public import PumpCore

/// A set of alarm kinds in one word, so status snapshots carry the active alarms without
/// allocating on the loop thread.
public struct AlarmKindSet: Hashable, Sendable, CustomStringConvertible {
    private var bits: UInt64 = 0

    public init() {}

    public init(_ book: AlarmBook) {
        for alarm in book.active.values where alarm.isActive { insert(alarm.kind) }
    }

    /// Built once: `allCases` makes a new array at every use.
    private static let positions = Dictionary(uniqueKeysWithValues: AlarmKind.allCases.enumerated().map { ($1, UInt64($0)) })

    private static func bit(_ kind: AlarmKind) -> UInt64 { 1 << positions[kind]! }

    public mutating func insert(_ kind: AlarmKind) { bits |= Self.bit(kind) }
    public func contains(_ kind: AlarmKind) -> Bool { bits & Self.bit(kind) != 0 }
    public var isEmpty: Bool { bits == 0 }

    /// The kinds' identifiers, space-separated, in declaration order.
    public var description: String { AlarmKind.allCases.filter(contains).map(\.rawValue).joined(separator: " ") }
}
