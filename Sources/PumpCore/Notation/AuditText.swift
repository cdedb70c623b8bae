/// Text a client supplied that goes into the event log or the journal (a relayed requester's
/// command line): bounded and with every control character escaped, so it cannot forge lines or
/// flood a record. Both pumpctl (before sending) and pumpd (never trusting the client) apply it.
public enum AuditText {
    /// The most Unicode scalars the result has, the marker of a cut included.
    public static let maximumCharacters = 200

    /// `text` with its control characters (C0, DEL, C1, line and paragraph separators) written
    /// as `\n`, `\t`, `\r` or `\u{XX}`, then cut to ``maximumCharacters`` ending in `…` when
    /// longer. Idempotent (backslashes stay as they are), so each hop can apply it.
    public static func bounded(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            case _ where isControl(scalar): escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        // Counted in scalars: one grapheme can hold any number of combining marks.
        guard escaped.unicodeScalars.count > maximumCharacters else { return escaped }
        return String(String.UnicodeScalarView(escaped.unicodeScalars.prefix(maximumCharacters - 1))) + "…"
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}
