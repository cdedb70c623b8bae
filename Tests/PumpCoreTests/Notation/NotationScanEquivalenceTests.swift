import PumpTestKit
import Testing

@testable import PumpCore

/// Decimal literals and unit spellings, read without `+` on substrings, `joined(separator:)` and a
/// substring search (each ran unspecialised at pumpd's start), come out exactly as the earlier
/// forms below made them, for every text.
@Suite struct NotationScanEquivalenceTests {
    /// The earlier forms, as they were.
    static func earlierDecimal(_ text: Substring) -> (mantissa: Int128, scale: Int)? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && fraction.isEmpty { return nil }
        let digits = whole + fraction
        guard digits.count <= DecimalLiteral.maximumDigits, digits.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else { return nil }
        var mantissa: Int128 = 0
        for digit in digits.utf8 { mantissa = mantissa * 10 + Int128(digit - UInt8(ascii: "0")) }
        return (mantissa, fraction.count)
    }

    static func earlierUnitSpelling(_ text: Substring) -> String? {
        let unit = text.trimmingSpaces.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces }.joined(separator: "/").lowercased()
        return unit.contains(" ") ? nil : unit
    }

    /// Digits, points, spaces and tabs, slashes, unit letters in both cases, µ and μ, a
    /// non-ASCII digit, a combining mark, full-width digits.
    static let pieces: [String] = [
        "0", "1", "5", "9", "00", "12345678901", ".", " ", "\t", "/", "u", "U", "g", "m", "L", "l", "h", "day", "µ", "μ",
        "٣", "\u{301}", "１", "-", "+", "e",
    ]

    static func randomText(_ generator: inout SplitMix64) -> Substring {
        Substring((0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
    }

    @Test func decimalLiteralsReadAsBefore() {
        var generator = SplitMix64(seed: 0x5EED_0016)
        for _ in 0..<30_000 {
            let text = Self.randomText(&generator)
            let new = DecimalLiteral(text)
            let earlier = Self.earlierDecimal(text)
            #expect(new?.mantissa == earlier?.mantissa && new?.scale == earlier?.scale, "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func unitsAreSpelledAsBefore() {
        var generator = SplitMix64(seed: 0x5EED_0017)
        for _ in 0..<30_000 {
            let text = Self.randomText(&generator)
            #expect(QuantityParser.unitSpelling(text) == Self.earlierUnitSpelling(text), "\(text.unicodeScalars.map(\.value))")
        }
    }
}

extension NotationScanEquivalenceTests {
    /// `DecimalLiteral.isDigit` (a byte comparison) accepts exactly the characters the quantity
    /// grammar's `isASCII && isWholeNumber` accepted: every single scalar up to U+FFFF, a digit with
    /// a combining mark, and "\r\n" (ASCII as a character, no digit).
    @Test func digitsAreTheCharactersThatWereASCIIWholeNumbers() {
        var characters: [Character] = ["\r\n", "5\u{301}", "0\u{FE0F}\u{20E3}"]
        for value in UInt32(0)...0xFFFF { if let scalar = Unicode.Scalar(value) { characters.append(Character(scalar)) } }
        for character in characters {
            #expect(DecimalLiteral.isDigit(character) == (character.isASCII && character.isWholeNumber), "\(character.unicodeScalars.map(\.value))")
        }
    }
}
