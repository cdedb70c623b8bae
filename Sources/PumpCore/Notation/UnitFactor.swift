/// An exact rational conversion factor from a written unit to a wire unit: one written unit is
/// `numerator / denominator` wire units (1 µg = 1000/1 ng, 1 pL = 1/1000 nL).
struct UnitFactor: Hashable, Sendable {
    var numerator: Int128
    var denominator: Int128

    init(_ numerator: Int128, per denominator: Int128 = 1) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// This factor divided by `other`: for compound units such as µg/mL or µg/day.
    func divided(by other: UnitFactor) -> UnitFactor {
        UnitFactor(numerator * other.denominator, per: denominator * other.numerator)
    }

    /// This factor scaled by a whole number.
    func times(_ scale: Int128) -> UnitFactor { UnitFactor(numerator * scale, per: denominator) }

    /// Mass units, in ng.
    static let mass: [String: UnitFactor] = [
        "ng": UnitFactor(1),
        "ug": UnitFactor(1_000), "µg": UnitFactor(1_000), "μg": UnitFactor(1_000), "mcg": UnitFactor(1_000),
        "mg": UnitFactor(1_000_000),
        "g": UnitFactor(1_000_000_000),
    ]

    /// Volume units, in nL.
    static let volume: [String: UnitFactor] = [
        "pl": UnitFactor(1, per: 1_000),
        "nl": UnitFactor(1),
        "ul": UnitFactor(1_000), "µl": UnitFactor(1_000), "μl": UnitFactor(1_000),
        "ml": UnitFactor(1_000_000),
        "l": UnitFactor(1_000_000_000),
    ]

    /// Time units, in s.
    static let time: [String: UnitFactor] = {
        var table = [String: UnitFactor](minimumCapacity: 17)  // sized once: no rehashing as it fills
        for name in ["s", "sec", "secs", "second", "seconds"] { table[name] = UnitFactor(1) }
        for name in ["min", "mins", "minute", "minutes"] { table[name] = UnitFactor(60) }
        for name in ["h", "hr", "hrs", "hour", "hours"] { table[name] = UnitFactor(3_600) }
        for name in ["d", "day", "days"] { table[name] = UnitFactor(86_400) }
        return table
    }()
}
