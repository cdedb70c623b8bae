import Testing
import Varlink

@Suite("JSON values")
struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"n":null,"t":true,"f":false,"i":-42,"d":2.5,"e":1e3,"s":"x","a":[1,[]],"o":{}} "#)
        #expect(value == ["n": nil, "t": true, "f": false, "i": -42, "d": 2.5, "e": 1000.0, "s": "x", "a": [1, []], "o": [:]])
        #expect(value["e"] == .double(1000))
        #expect(value["i"] == .integer(-42))
    }

    @Test func integersAreExactAcrossTheWholeInt64Range() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONValue.parse("-0") == .integer(0))
        #expect(JSONValue.integer(.min).serialized() == Array("-9223372036854775808".utf8))
    }

    @Test func integerOverflowIsAnErrorNotADouble() {
        #expect(throws: JSONParseError(.integerOverflow, at: 1)) { try JSONValue.parse("[9223372036854775808]") }
        #expect(throws: JSONParseError(.integerOverflow, at: 0)) { try JSONValue.parse("-9223372036854775809") }
    }

    @Test func aNumberWithFractionOrExponentIsADouble() throws {
        #expect(try JSONValue.parse("1.0") == .double(1))
        #expect(try JSONValue.parse("1E2") == .double(100))
        #expect(try JSONValue.parse("-2.5e-1") == .double(-0.25))
        #expect(throws: JSONParseError(.numberOutOfRange, at: 0)) { try JSONValue.parse("1e400") }
    }

    @Test(arguments: ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "-a"])
    func invalidNumbersAreRefused(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func errorsSayWhatAndAtWhichByte() {
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "}"), expected: "a JSON value"), at: 6)) {
            try JSONValue.parse(#"{"a": }"#)
        }
        #expect(throws: JSONParseError(.unexpectedEnd, at: 8)) { try JSONValue.parse(#"{"a": [1"#) }
        #expect(throws: JSONParseError(.trailingData, at: 3)) { try JSONValue.parse("{} x") }
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "1"), expected: "a string key"), at: 1)) {
            try JSONValue.parse("{1:2}")
        }
        #expect(throws: JSONParseError(.unexpectedEnd, at: 0)) { try JSONValue.parse("") }
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "u"), expected: "\"true\""), at: 1)) {
            try JSONValue.parse("tu")
        }
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "}"), expected: "a string key"), at: 8)) {
            try JSONValue.parse(#"{"a":1, }"#)
        }
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "]"), expected: "a JSON value"), at: 3)) {
            try JSONValue.parse("[1,]")
        }
        let error = JSONParseError(.duplicateKey("rate"), at: 10)
        #expect(error.description == #"byte 10: duplicate key "rate""#)
    }

    @Test func duplicateKeysAreRefusedAtTheSecondKey() {
        #expect(throws: JSONParseError(.duplicateKey("a"), at: 7)) { try JSONValue.parse(#"{"a":1,"a":2}"#) }
    }

    @Test func nestingBeyondTheLimitIsRefused() throws {
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONParseError(.nestingTooDeep(limit: 32), at: 32)) { try JSONValue.parse(deep) }
        _ = try JSONValue.parse(deep, maxDepth: 33)
        #expect(throws: JSONParseError(.nestingTooDeep(limit: 1), at: 6)) { try JSONValue.parse(#"{"a": {}}"#, maxDepth: 1) }
    }

    /// Hostile depth is refused at the first bracket past the limit, never by exhausting the stack.
    @Test func nestingOfAHundredThousandLevelsIsRefusedAtTheLimit() {
        for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
            let deep = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            #expect(throws: JSONParseError(.nestingTooDeep(limit: 32), at: 32 * open.utf8.count)) { try JSONValue.parse(deep) }
        }
    }

    @Test func invalidUTF8IsRefusedAtItsOffset() {
        #expect(throws: JSONParseError(.invalidUTF8, at: 6)) { try JSONValue.parse([0x5B, 0x22, 0x61, 0x62, 0x63, 0x64, 0xFF, 0x22, 0x5D]) }
    }

    @Test func anErrorInTextWrittenAcrossLinesIsPlacedByLineAndColumn() throws {
        let text = Array("{\n  \"drug\": \"µ\",\n  \"rate\": 01\n}".utf8)
        var caught: JSONParseError?
        do { _ = try JSONValue.parse(text) } catch { caught = error }
        let error = try #require(caught)
        #expect(error.lineAndColumn(in: text) == (3, 11))
        #expect(error.description(in: text) == "line 3, column 11 (byte \(error.offset)): invalid number")
    }

    @Test func stringEscapesDecodeIncludingSurrogatePairs() throws {
        let value = try JSONValue.parse(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\udc89 µ""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\té💉 µ"))
    }

    @Test func loneSurrogatesBadEscapesAndControlCharactersAreRefused() {
        #expect(throws: JSONParseError(.invalidUnicodeEscape, at: 1)) { try JSONValue.parse(#""\ud83d""#) }
        #expect(throws: JSONParseError(.invalidUnicodeEscape, at: 1)) { try JSONValue.parse(#""\udc89""#) }
        #expect(throws: JSONParseError(.invalidUnicodeEscape, at: 7)) { try JSONValue.parse(#""\ud83d\u0041""#) }
        #expect(throws: JSONParseError(.invalidUnicodeEscape, at: 1)) { try JSONValue.parse(#""\u12G4""#) }
        #expect(throws: JSONParseError(.invalidEscape, at: 2)) { try JSONValue.parse(#""a\x""#) }
        #expect(throws: JSONParseError(.controlCharacterInString, at: 2)) { try JSONValue.parse("\"a\nb\"") }
    }

    @Test(arguments: [
        [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x82],
    ] as [[UInt8]])
    func malformedUTF8IsRefused(sequence: [UInt8]) {
        let bytes = [UInt8(ascii: "\"")] + sequence + [UInt8(ascii: "\"")]
        #expect(throws: JSONParseError(.invalidUTF8, at: 1)) { try JSONValue.parse(bytes) }
    }

    @Test func serializationIsCompactKeepsKeyOrderAndEscapes() {
        let value: JSONValue = ["z": 1, "a": [true, nil, 0.5], "s": "q\"\\\n\u{01}é"]
        #expect(value.description == #"{"z":1,"a":[true,null,0.5],"s":"q\"\\\n\u0001é"}"#)
    }

    /// The parser takes a string without escapes as it stands and falls back to decoding only at
    /// the first escape; the serializer copies runs that need no escape: both keep the text exact
    /// wherever the escapes, control characters and multi-byte characters fall.
    @Test(arguments: ["", "plain", "é at start", "ends in é", "a\"b", "\\", "tail\n", "mid\u{01}dle é💉 x\t", "\u{1F}"])
    func stringsRoundTripWhereverTheirEscapesFall(text: String) throws {
        let serialized = JSONValue.string(text).serialized()
        #expect(try JSONValue.parse(serialized) == .string(text))
        #expect(try JSONValue.parse(#"["prefix \u00e9 \n", "\#(text.replacingEscapes())"]"#) == ["prefix é \n", .string(text)])
    }

    @Test func integersSerializeAsTheirDecimalDigits() {
        for number: Int64 in [0, 7, -1, 10, -10, 1_000_000_007, .max, .min] {
            #expect(JSONValue.integer(number).description == String(number))
        }
    }

    @Test func doublesAlwaysSerializeAsDoublesAndRoundTrip() throws {
        for number in [1.0, -0.0, 1e16, 1e-7, 0.1, 123456.789, .greatestFiniteMagnitude, .leastNonzeroMagnitude] {
            let text = JSONValue.double(number).serialized()
            #expect(try JSONValue.parse(text) == .double(number), "\(String(decoding: text, as: UTF8.self))")
        }
        #expect(JSONValue.double(.nan).description == "null")
        #expect(JSONValue.double(.infinity).description == "null")
    }

    @Test func parseThenSerializeKeepsTheOriginalText() throws {
        let text = #"{"method":"io.pumpd.Pump.Set","parameters":{"b":[1,-2.5,"x\u0000y"],"a":{}},"more":true}"#
        #expect(try JSONValue.parse(text).description == text)
    }

    @Test func objectEqualityIgnoresOrderButSerializationKeepsIt() {
        let first: JSONObject = ["a": 1, "b": 2]
        let second: JSONObject = ["b": 2, "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first.description != second.description)
    }

    @Test func objectMembersKeepPositionOnUpdateAndDisappearOnNil() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["a"] = 10
        object["b"] = nil
        object["d"] = 4
        #expect(object.keys == ["a", "c", "d"])
        #expect(object.description == #"{"a":10,"c":3,"d":4}"#)
    }

    @Test func accessorsGiveValuesOnlyForTheirType() {
        let value: JSONValue = ["i": 3, "d": 3.5, "s": "x", "list": [1, 2]]
        #expect(value["i"]?.integerValue == 3)
        #expect(value["i"]?.doubleValue == 3)
        #expect(value["d"]?.integerValue == nil)
        #expect(value["s"]?.integerValue == nil)
        #expect(value["list"]?[1] == 2)
        #expect(value["list"]?[2] == nil)
        #expect(value["missing"] == nil)
    }
}

extension String {
    /// The text as it stands inside a JSON string literal (what the serializer writes between the quotes).
    fileprivate func replacingEscapes() -> String {
        let quoted = JSONValue.string(self).description
        return String(quoted.dropFirst().dropLast())
    }
}
