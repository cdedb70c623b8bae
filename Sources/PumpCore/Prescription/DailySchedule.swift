/// A day's basal program: up to `DailySchedule.maximumSteps` steps in ascending start order, the
/// first at midnight. Validation enforces the shape; lookups assume it.
public struct DailySchedule: Hashable, Sendable, Codable {
    /// Clinical pumps allow 13 changes a day; the rig allows up to 24 steps.
    public static let maximumSteps = 24

    public var steps: [FlexStep]

    public init(steps: [FlexStep]) { self.steps = steps }

    /// A schedule with one rate all day.
    public static func constant(_ rate: MassRate) -> DailySchedule {
        DailySchedule(steps: [FlexStep(start: .midnight, rate: rate)])
    }

    /// The index of the step in force at `secondsIntoDay`.
    func stepIndex(atSecond secondsIntoDay: Int32) -> Int {
        var index = 0
        for (i, step) in steps.enumerated() where step.start.secondsSinceMidnight <= secondsIntoDay { index = i }
        return index
    }

    /// The dose delivered by the basal schedule over one whole day.
    public var dailyDose: DrugMass {
        var total: Int128 = 0
        for (i, step) in steps.enumerated() {
            let end = i + 1 < steps.count ? Int64(steps[i + 1].start.secondsSinceMidnight) : 86_400
            total += Int128(step.rate.nanogramsPerDay) * Int128(end - Int64(step.start.secondsSinceMidnight))
        }
        return DrugMass(nanograms: Int64(total / 86_400))
    }

    /// The highest step rate of the day.
    public var peakRate: MassRate { steps.map(\.rate).max() ?? .zero }
}
