// The prescription's wire and storage form. Field names are the core's property names, so a
// validation error's field path (`periodicBolus.dose`) names the JSON field a client sent.


extension FlexSchedule: Codable {
    private enum CodingKeys: String, CodingKey { case everyDay, byWeekday }

    /// `byWeekday` maps lower-case English weekday names (`monday` … `sunday`) to schedules.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let everyDay = try container.decode(DailySchedule.self, forKey: .everyDay)
        let named = try container.decodeIfPresent([String: DailySchedule].self, forKey: .byWeekday) ?? [:]
        var byWeekday: [Weekday: DailySchedule] = [:]
        for (name, schedule) in named {
            guard let day = Weekday.allCases.first(where: { $0.codingName == name }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .byWeekday, in: container,
                    debugDescription: "unknown weekday \"\(name)\": use monday, tuesday, wednesday, thursday, friday, saturday or sunday")
            }
            byWeekday[day] = schedule
        }
        self.init(everyDay: everyDay, byWeekday: byWeekday)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(everyDay, forKey: .everyDay)
        try container.encode(Dictionary(uniqueKeysWithValues: byWeekday.map { ($0.key.codingName, $0.value) }), forKey: .byWeekday)
    }
}

extension Weekday {
    /// The lower-case English name used on the wire.
    public var codingName: String { description.lowercased() }
}

extension BasalProgram: Codable {
    private enum CodingKeys: String, CodingKey { case kind, rate, flex }
    private enum Kind: String, CodedName { case none, continuous, flex }

    /// `{"kind": "none"}`, `{"kind": "continuous", "rate": ng/day}` or `{"kind": "flex", "flex": {…}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .none: self = .none
        case .continuous: self = .continuous(try container.decode(MassRate.self, forKey: .rate))
        case .flex: self = .flex(try container.decode(FlexSchedule.self, forKey: .flex))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try container.encode(Kind.none, forKey: .kind)
        case .continuous(let rate):
            try container.encode(Kind.continuous, forKey: .kind)
            try container.encode(rate, forKey: .rate)
        case .flex(let flex):
            try container.encode(Kind.flex, forKey: .kind)
            try container.encode(flex, forKey: .flex)
        }
    }
}
