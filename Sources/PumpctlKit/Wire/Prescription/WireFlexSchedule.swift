public import Varlink

/// `FlexSchedule`: one schedule every day, optionally replaced on named weekdays.
public struct WireFlexSchedule: WireRecord, Hashable {
    /// The weekday keys in calendar order.
    public static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    public var everyDay: WireDailySchedule
    public var byWeekday: [String: WireDailySchedule]?

    public init(everyDay: WireDailySchedule, byWeekday: [String: WireDailySchedule]? = nil) {
        self.everyDay = everyDay
        self.byWeekday = byWeekday
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        everyDay = try fields.required("everyDay")
        byWeekday = try fields.optional("byWeekday")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue {
        var object: JSONObject = ["everyDay": everyDay.json]
        if let byWeekday {
            object["byWeekday"] = .object(JSONObject(orderedDays(byWeekday).map { ($0.day, $0.schedule.json) }))
        }
        return .object(object)
    }

    /// Days in calendar order, unknown keys last.
    func orderedDays(_ days: [String: WireDailySchedule]) -> [(day: String, schedule: WireDailySchedule)] {
        let known = Self.weekdays.compactMap { day in days[day].map { (day, $0) } }
        let unknown = days.keys.filter { !Self.weekdays.contains($0) }.sorted().map { ($0, days[$0]!) }
        return known + unknown
    }
}
