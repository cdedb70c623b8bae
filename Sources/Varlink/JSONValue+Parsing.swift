extension JSONValue {
    /// Parses exactly one JSON value (RFC 8259, strict) from UTF-8 bytes.
    ///
    /// Surrounding whitespace is allowed; anything else after the value is an error. Strings must be
    /// well-formed UTF-8 without raw control characters, `\u` escapes must pair surrogates, an object
    /// must not repeat a key, and arrays and objects may nest at most `maxDepth` deep. A number
    /// without fraction or exponent becomes `.integer` and must fit Int64; any other number becomes
    /// `.double` and must be finite.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(Array(bytes), maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses the UTF-8 of `text`; see ``parse(_:maxDepth:)``.
    public static func parse(_ text: String, maxDepth: Int = 32) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses like ``parse(_:maxDepth:)`` and also returns where each member value of a top-level
    /// object starts (empty when the value is not an object).
    static func parseWithTopLevelOffsets(
        _ bytes: some Collection<UInt8>, maxDepth: Int
    ) throws(JSONParseError) -> (value: JSONValue, offsets: [String: Int]) {
        var parser = JSONParser(Array(bytes), maxDepth: maxDepth)
        let value = try parser.parseDocument()
        return (value, parser.topLevelOffsets)
    }
}
