public import PumpCore

/// `ProgramSummary`: what a program gives at worst (ng, nL) and when the reservoir runs low and
/// empty under it.
public struct WireProgramSummary: Codable, Sendable, Hashable {
    public var mode: String
    public var drug: Drug
    public var basalDailyDoseMin: Int64
    public var basalDailyDoseMax: Int64
    public var worstDayDose: Int64
    public var worstHourDose: Int64
    public var worstDayVolume: Int64
    /// Worst case: every allowed patient bolus taken.
    public var lowReservoirAt: String?
    public var emptyAt: String?
    /// As expected: basal and periodic boluses, no patient bolus.
    public var lowReservoirExpectedAt: String?
    public var emptyExpectedAt: String?

    public init(
        mode: String, drug: Drug, basalDailyDoseMin: Int64, basalDailyDoseMax: Int64, worstDayDose: Int64,
        worstHourDose: Int64, worstDayVolume: Int64, lowReservoirAt: String?, emptyAt: String?,
        lowReservoirExpectedAt: String? = nil, emptyExpectedAt: String? = nil
    ) {
        self.lowReservoirExpectedAt = lowReservoirExpectedAt
        self.emptyExpectedAt = emptyExpectedAt
        self.mode = mode
        self.drug = drug
        self.basalDailyDoseMin = basalDailyDoseMin
        self.basalDailyDoseMax = basalDailyDoseMax
        self.worstDayDose = worstDayDose
        self.worstHourDose = worstHourDose
        self.worstDayVolume = worstDayVolume
        self.lowReservoirAt = lowReservoirAt
        self.emptyAt = emptyAt
    }
}

/// `ComparisonRow`: one line of the old-versus-new review, as pumpd words it; changed is true
/// where the values differ.
public struct WireComparisonRow: Codable, Sendable, Hashable {
    public var label: String
    public var old: String
    public var new: String
    public var changed: Bool

    public init(label: String, old: String, new: String, changed: Bool) {
        self.label = label
        self.old = old
        self.new = new
        self.changed = changed
    }
}

/// `Violation`: a broken rule, the field (a path into the request), its value and the limit,
/// each as pumpd words it with its unit; and, where the rule compares two amounts, both as wire
/// integers (`amount`), for programs to read without parsing the words.
public struct WireViolation: Codable, Sendable, Hashable {
    public var rule: String
    public var field: String
    public var actual: String
    public var limit: String
    public var amount: WireViolationAmount?

    public init(rule: String, field: String, actual: String, limit: String, amount: WireViolationAmount? = nil) {
        self.rule = rule
        self.field = field
        self.actual = actual
        self.limit = limit
        self.amount = amount
    }
}

/// `ViolationAmount`: a violation's value and limit as exact integers in one wire unit (`ng`,
/// `nL`, `ng/day`, `pL/day`, `µg/mL`, `pL`, `s`, `ns` or `count`).
public struct WireViolationAmount: Codable, Sendable, Hashable {
    public var unit: String
    public var actual: Int64
    public var limit: Int64

    public init(unit: String, actual: Int64, limit: Int64) {
        self.unit = unit
        self.actual = actual
        self.limit = limit
    }
}

/// `Warning`: something a commit must accept by its code (stable), the field (a path into the
/// request), what and why with the numbers, and the numbers as wire integers where it compares two.
public struct WireWarning: Codable, Sendable, Hashable {
    public var code: String
    public var field: String
    public var message: String
    public var amount: WireViolationAmount?

    public init(code: String, field: String, message: String, amount: WireViolationAmount? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.amount = amount
    }
}
