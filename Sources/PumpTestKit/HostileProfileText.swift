/// Hostile rig-profile bytes for fuzzing the profile parser: deep nesting, bad UTF-8 and random
/// mutations of real profiles. Deterministic for a given generator state, so a printed seed
/// reproduces a run.
public enum HostileProfileText {
    /// How a deeply nested value is built.
    public enum Nesting: CaseIterable, Sendable {
        /// `x = [[[…]]]`
        case arrays
        /// `x = {a = {a = …}}`
        case inlineTables
        /// `x = [{a = [{a = …}]}]`
        case mixed
        /// `a.a.a.… = 1`
        case dottedKey
        /// `[a.a.a.…]`
        case tableHeader
        /// `x = [[[…` never closed
        case unclosedArrays
    }

    /// A profile whose value is nested `depth` levels deep, built in one pass (no recursion).
    public static func nested(_ nesting: Nesting, depth: Int) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(depth * 8 + 16)
        func append(_ string: String, times: Int = 1) {
            let bytes = Array(string.utf8)
            for _ in 0..<times { text.append(contentsOf: bytes) }
        }
        switch nesting {
        case .arrays:
            append("x = ")
            append("[", times: depth)
            append("1")
            append("]", times: depth)
        case .inlineTables:
            append("x = ")
            append("{a = ", times: depth)
            append("1")
            append("}", times: depth)
        case .mixed:
            append("x = ")
            append("[{a = ", times: depth / 2)
            append("1")
            append("}]", times: depth / 2)
        case .dottedKey:
            append("a")
            append(".a", times: depth - 1)
            append(" = 1")
        case .tableHeader:
            append("[a")
            append(".a", times: depth - 1)
            append("]\nx = 1")
        case .unclosedArrays:
            append("x = ")
            append("[", times: depth)
        }
        append("\n")
        return text
    }

    /// Byte sequences that are never valid UTF-8: a lone continuation byte, bytes UTF-8 never
    /// uses, an overlong encoding, an encoded surrogate, a code point past U+10FFFF and lead bytes
    /// cut short.
    public static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xFF], [0xFE], [0xC0, 0xAF], [0xC1, 0x81], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ]

    /// `text` with one invalid UTF-8 sequence inserted at a character boundary; also returns where
    /// it went (a byte offset into the result).
    public static func withInvalidUTF8(_ text: [UInt8], using random: inout some RandomNumberGenerator) -> (bytes: [UInt8], offset: Int) {
        let boundaries = text.indices.filter { text[$0] & 0xC0 != 0x80 } + [text.count]
        let offset = boundaries.randomElement(using: &random)!
        let bad = invalidUTF8.randomElement(using: &random)!
        var result = text
        result.insert(contentsOf: bad, at: offset)
        return (result, offset)
    }

    /// One random mutation of `text`: flipped or replaced bytes, inserted noise or TOML punctuation,
    /// a deleted or duplicated range, a truncation, or a splice with `other`.
    public static func mutated(_ text: [UInt8], other: [UInt8], using random: inout some RandomNumberGenerator) -> [UInt8] {
        guard !text.isEmpty else { return other }
        var result = text
        let punctuation = Array("[]{}=,.\"'#\n\r\t \\0x_-+:".utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) where !result.isEmpty {
            let at = Int.random(in: 0..<result.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0: result[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            case 1: result[at] = UInt8.random(in: 0...255, using: &random)
            case 2: result.insert(punctuation.randomElement(using: &random)!, at: at)
            case 3:
                let noise = (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                result.insert(contentsOf: noise, at: at)
            case 4: result.removeSubrange(at..<min(result.count, at + Int.random(in: 1...64, using: &random)))
            case 5:
                let end = min(result.count, at + Int.random(in: 1...200, using: &random))
                result.insert(contentsOf: Array(result[at..<end]), at: Int.random(in: 0...result.count, using: &random))
            case 6: result.removeSubrange(at...)
            default:
                let from = Int.random(in: 0...other.count, using: &random)
                result = Array(result[..<at]) + Array(other[from...])
            }
        }
        return result
    }
}
