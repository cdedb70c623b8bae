// Quantities travel as bare integers in the unit the core counts in (stated beside each field in
// the Varlink interface), so a value crosses the API and the database without rounding.

extension Volume: Codable {
    /// Nanolitres.
    public init(from decoder: any Decoder) throws { self.init(nanolitres: try decoder.singleValueContainer().decode(Int64.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanolitres)
    }
}

extension DrugMass: Codable {
    /// Nanograms.
    public init(from decoder: any Decoder) throws { self.init(nanograms: try decoder.singleValueContainer().decode(Int64.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanograms)
    }
}

extension MassRate: Codable {
    /// Nanograms per day.
    public init(from decoder: any Decoder) throws { self.init(nanogramsPerDay: try decoder.singleValueContainer().decode(Int64.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanogramsPerDay)
    }
}

extension Concentration: Codable {
    /// Micrograms per millilitre.
    public init(from decoder: any Decoder) throws {
        self.init(microgramsPerMillilitre: try decoder.singleValueContainer().decode(Int64.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(microgramsPerMillilitre)
    }
}

extension TimeSpan: Codable {
    /// Whole seconds: prescriptions are programmed in seconds; finer spans never cross the API.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let seconds = try container.decode(Int64.self)
        guard (-TimeSpan.maximumCodableSeconds...TimeSpan.maximumCodableSeconds).contains(seconds) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be within ±\(TimeSpan.maximumCodableSeconds) s (about 292 years)")
        }
        self = .seconds(seconds)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanoseconds / 1_000_000_000)
    }

    /// The largest span in seconds that fits in nanoseconds: the longest the wire form carries.
    public static let maximumCodableSeconds = Int64.max / 1_000_000_000
}

extension TimeOfDay: Codable {
    /// `HH:MM` or `HH:MM:SS`, local time.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = TimeOfDay(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected HH:MM or HH:MM:SS (00:00 to 23:59:59), got \"\(text)\"")
        }
        self = parsed
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `HH:MM` or `HH:MM:SS` with two digits each; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) : 0
        guard let second else { return nil }
        self.init(hour: hour, minute: minute, second: second)
    }
}
