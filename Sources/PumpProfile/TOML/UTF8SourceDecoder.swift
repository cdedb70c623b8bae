/// Turns a profile's bytes into text, refusing bytes that are not well-formed UTF-8 with the line and
/// column where the first bad sequence starts (counted as `TOMLParser` counts them: lines by
/// `\n`, columns by Unicode scalar).
enum UTF8SourceDecoder {
    static func decode(_ bytes: some Collection<UInt8>) throws(TOMLSyntaxError) -> String {
        // Well-formed text (the usual case) is validated in one pass; appending scalar by scalar,
        // about a fifth of loading a profile and its drug library, is left to finding where bad text breaks.
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return try decodeScalarByScalar(bytes)
    }

    /// `decode` one scalar at a time, counting lines and columns for the error.
    static func decodeScalarByScalar(_ bytes: some Collection<UInt8>) throws(TOMLSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        var line = 1
        var column = 1
        var offset = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                scalars.append(scalar)
                offset += encoded.count
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return String(scalars)
            case .error(let length):
                let bad = bytes.dropFirst(offset).prefix(max(length, 1))
                    .map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
                throw TOMLSyntaxError(
                    "the profile is not valid UTF-8 text: byte \(offset) (\(bad)) does not start or continue a UTF-8 character",
                    at: SourceLocation(line: line, column: column))
            }
        }
    }
}
