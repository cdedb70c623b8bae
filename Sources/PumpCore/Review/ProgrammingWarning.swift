/// Something a clinician must see and accept before a program, refill or first fill is committed:
/// allowed, but a common shape of a programming mistake or of a risk to the patient.
///
/// A warning never refuses; a commit that carries warnings must name every code it accepts (the
/// API refuses a commit that leaves one unaccepted). Codes are stable identifiers; never rename one.
public struct ProgrammingWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, CaseIterable, Hashable, Sendable, Codable {
        /// A weekday's new daily dose (basal and periodic boluses) is at least twice the active
        /// program's on that weekday (amount: ng, new vs old).
        case dailyDoseIncrease = "daily-dose-increase"
        /// A weekday's new daily dose (basal and periodic boluses) is at most half the active
        /// program's on that weekday (amount: ng, new vs old).
        case dailyDoseDecrease = "daily-dose-decrease"
        /// A maximum (daily, hourly, bolus) is raised to at least twice its active value.
        case doseLimitRaised = "dose-limit-raised"
        /// A basal schedule step delivers nothing while the program has a basal (withdrawal risk).
        case stepDeliversNothing = "step-delivers-nothing"
        /// The reservoir reaches its low-reservoir volume within the profile's warning horizon.
        case reservoirLowSoon = "reservoir-low-soon"
        /// The reservoir reaches its empty threshold within the profile's warning horizon.
        case reservoirEmptySoon = "reservoir-empty-soon"
        /// The refill's concentration differs from the last fill's.
        case concentrationChanged = "concentration-changed"
        /// The drug is not in the drug library, which allows "other" drugs (no library limits apply).
        case drugNotInLibrary = "drug-not-in-library"
        /// A drug-library soft limit is crossed: committing needs the codes and an override reason.
        case softLimitDailyDose = "soft-limit-daily-dose"
        case softLimitHourlyDose = "soft-limit-hourly-dose"
        case softLimitBolusDose = "soft-limit-bolus-dose"
        case softLimitRate = "soft-limit-rate"

        /// Accepting this warning also needs an override reason, recorded with the caller.
        public var needsOverrideReason: Bool {
            switch self {
            case .softLimitDailyDose, .softLimitHourlyDose, .softLimitBolusDose, .softLimitRate: true
            default: false
            }
        }

        /// An order-of-magnitude class of change, where pumpctl asks for the new daily dose typed back.
        public var asksForTypeBack: Bool { self == .dailyDoseIncrease || self == .dailyDoseDecrease }
    }

    public let code: Code
    /// Where in the request, as sent, e.g. `prescription.basal.flex.everyDay.steps[1].rate`.
    public let field: String
    /// What and why, with the numbers and their units, for people.
    public let message: String
    /// The numbers behind it as wire integers in one unit (the new value and the one compared
    /// against: the old value, a limit, or a horizon), where the warning compares two amounts.
    public let amount: LimitViolation.Amount?

    public init(_ code: Code, field: String, message: String, amount: LimitViolation.Amount? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.amount = amount
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }
}
