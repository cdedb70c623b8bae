/// One reason a prescription or a request was refused: which rule, which field, the value given
/// and the limit it broke, each with its unit.
public struct LimitViolation: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Rule: String, Hashable, Sendable, Codable {
        case missingValue = "missing-value"
        case notPositive = "not-positive"
        case tooManyScheduleSteps = "too-many-schedule-steps"
        case scheduleMustStartAtMidnight = "schedule-must-start-at-midnight"
        case scheduleStepsNotAscending = "schedule-steps-not-ascending"
        case aboveRigMaximumRate = "above-rig-maximum-rate"
        case aboveRigMaximumStepFrequency = "above-rig-maximum-step-frequency"
        case belowRigMinimumRate = "below-rig-minimum-rate"
        case aboveMaximumDailyDose = "above-maximum-daily-dose"
        case aboveMaximumHourlyDose = "above-maximum-hourly-dose"
        case aboveMaximumBolus = "above-maximum-bolus"
        case intervalTooShort = "interval-too-short"
        case durationNotShorterThanInterval = "duration-not-shorter-than-interval"
        case lockoutShorterThanDuration = "lockout-shorter-than-duration"
        case lowReservoirAlarmOutOfRange = "low-reservoir-alarm-out-of-range"
        case aboveReservoirCapacity = "above-reservoir-capacity"
        case outOfRange = "out-of-range"
        case primingWouldPushDrug = "priming-would-push-drug"
        case doseBelowOneNanolitre = "dose-below-one-nanolitre"
        /// The drug is not in the drug library, which does not allow other drugs.
        case drugNotInLibrary = "drug-not-in-library"
        /// The concentration is not one the library lists for the drug.
        case concentrationNotInLibrary = "concentration-not-in-library"
        /// A dose, bolus or rate is above the drug library's hard limit for the drug.
        case aboveLibraryHardLimit = "above-library-hard-limit"
        /// A refill with another drug than the active program's names no program for it.
        case drugChangeNeedsPrescription = "drug-change-needs-prescription"
        /// The program given with a refill or first fill is for another drug than the one filled.
        case prescriptionDrugDiffersFromFill = "prescription-drug-differs-from-fill"
        /// A first fill on a pump that was filled before (refill it instead).
        case alreadyFilled = "already-filled"
    }

    public let rule: Rule
    /// Where in the request as sent, relative to the prescription (the API prefixes `prescription.`),
    /// e.g. `basal.flex.byWeekday.monday.steps[3].rate`, `basal.flex.everyDay.steps[0].start`, `basal.rate`.
    public let field: String
    /// The value given, with its unit.
    public let actual: String
    /// The limit, with its unit and the comparison it must satisfy, e.g. `≤ 1000.000 µg/day`.
    public let limit: String
    /// The value and the limit as wire integers in one unit, where the rule compares two amounts
    /// of one kind (nil where it does not: a missing name, an order of steps).
    public let amount: Amount?

    public init(_ rule: Rule, field: String, actual: String, limit: String, amount: Amount? = nil) {
        self.rule = rule
        self.field = field
        self.actual = actual
        self.limit = limit
        self.amount = amount
    }

    public var description: String { "\(field): \(rule.rawValue): \(actual), must be \(limit)" }

    /// The same violation with its field under `prefix` (the request parameter it was sent in).
    public func under(_ prefix: String) -> LimitViolation {
        LimitViolation(rule, field: "\(prefix).\(field)", actual: actual, limit: limit, amount: amount)
    }
}
