/// Text written into XML documents (JUnit reports, SVG plots).
enum XMLText {
    /// `text` with the five XML special characters escaped, safe in content and in attributes;
    /// characters XML 1.0 cannot hold (controls other than tab, newline and return; U+FFFE and
    /// U+FFFF) become U+FFFD.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
