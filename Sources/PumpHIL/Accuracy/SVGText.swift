/// Text and numbers written into SVG (XML) documents.
enum SVGText {
    /// `text` escaped for XML content and attributes (``XMLText/escaped(_:)``).
    static func escaped(_ text: String) -> String { XMLText.escaped(text) }

    /// A coordinate with two decimals.
    static func number(_ value: Double) -> String { RateText.trimmed(ExactDecimalText.coordinate(value)) }
}
