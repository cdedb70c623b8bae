/// Text and numbers written into SVG (XML) documents.
enum SVGText {
    /// `text` with the five XML special characters escaped, safe in content and in attributes.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value < 0x20,
                    scalar != "\t", scalar != "\n", scalar != "\r"
                {
                    result += " "
                } else {
                    result.append(character)
                }
            }
        }
        return result
    }

    /// A coordinate with two decimals.
    static func number(_ value: Double) -> String { RateText.trimmed(ExactDecimalText.coordinate(value)) }
}
