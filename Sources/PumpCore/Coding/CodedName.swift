/// A closed set of names on the wire (a basal program's kind): decoding a name it does not have
/// fails with the names it does, and the one most likely meant, rather than Swift's
/// `Cannot initialize Kind from invalid String value …`.
protocol CodedName: RawRepresentable<String>, CaseIterable, Codable {}

extension CodedName {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.refusal(of: text))
        }
        self = value
    }

    /// `"continous" is not one of: none, continuous, flex (did you mean "continuous"?)`.
    static func refusal(of text: String) -> String {
        let names = allCases.map(\.rawValue)
        let hint = ClosestMatch.didYouMean(text, among: names).map { " (\($0))" } ?? ""
        return "\"\(text)\" is not one of: \(names.joined(separator: ", "))\(hint)"
    }
}
