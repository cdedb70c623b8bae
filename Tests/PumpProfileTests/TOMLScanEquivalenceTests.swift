import PumpTestKit
import Testing

@testable import PumpProfile

/// The parser's number and key-path scans, rewritten without substring searches and
/// `joined(separator:)` (their first use cost pumpd's start a conformance scan each), judge every
/// text exactly as the earlier forms below did: the same values accepted, the same error texts.
@Suite struct TOMLScanEquivalenceTests {
    /// The earlier forms, as they were.
    static func earlierIsDigitRun(_ text: Substring, radix: Int) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && $0.hexDigitValue.map { $0 < radix } == true) }
    }

    static func earlierStartsLikeADate(_ text: String) -> Bool {
        var characters = text.makeIterator()
        for expected in "dddd-dd-dd" {
            guard let character = characters.next() else { return false }
            let matches = expected == "d" ? character.isWholeNumber && character.wholeNumberValue.map { (0...9).contains($0) } == true : character == expected
            if !matches { return false }
        }
        return true
    }

    static func earlierText(of keys: some Collection<TOMLKey>) -> String {
        keys.map { key in
            key.name.unicodeScalars.allSatisfy(TOMLParser.isBareKeyScalar) && !key.name.isEmpty ? key.name : "\"\(key.name)\""
        }.joined(separator: ".")
    }

    /// Digits of every radix, underscores, signs, points, exponents, date and time marks, a
    /// non-ASCII digit, a combining mark, full-width digits, letters.
    static let pieces: [String] = [
        "0", "1", "7", "9", "a", "F", "f", "g", "_", "__", "-", "+", ".", "e", "E", ":", "T", "Z", "x", "o", "b",
        "٣", "\u{301}", "１", "0x", "2026-01-05", "12:30", "inf", "nan", " ",
    ]

    static func randomText(_ generator: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func digitRunsAndDatesAreJudgedAsBefore() {
        var generator = SplitMix64(seed: 0x5EED_0013)
        for _ in 0..<20_000 {
            let text = Self.randomText(&generator)
            #expect(TOMLParser.startsLikeADate(text) == Self.earlierStartsLikeADate(text), "\(text.unicodeScalars.map(\.value))")
            // `number` now looks for the character, where it searched for the one-character string.
            #expect(text.contains(":" as Character) == text.contains(":"), "\(text.unicodeScalars.map(\.value))")
            for radix in [2, 8, 10, 16] {
                #expect(TOMLParser.isDigitRun(Substring(text), radix: radix) == Self.earlierIsDigitRun(Substring(text), radix: radix), "\(text.unicodeScalars.map(\.value)) radix \(radix)")
            }
        }
    }

    @Test func keyPathsAreSpelledAsBefore() {
        var generator = SplitMix64(seed: 0x5EED_0015)
        let names = ["pump", "motor", "step-volume", "a_b", "", "two words", "µ", "e\u{301}", "\"", ".", "x1"]
        let at = SourceLocation(line: 1, column: 1)
        for _ in 0..<2_000 {
            let keys = (0..<Int.random(in: 0...5, using: &generator)).map { _ in TOMLKey(name: names.randomElement(using: &generator)!, location: at) }
            #expect(TOMLParser.text(of: keys) == Self.earlierText(of: keys))
            #expect(TOMLParser.text(of: keys.dropFirst()) == Self.earlierText(of: keys.dropFirst()))
        }
    }
}
