@testable import PumpStorage
import Testing

/// The table-driven CRC-32 gives the values the byte-at-a-time one stored on disk: the zlib
/// polynomial's check value, and the bitwise definition for every length, split and byte source.
@Suite struct CRC32Tests {
    /// The CRC-32 definition, one bit at a time.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var value: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            value ^= UInt32(byte)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        }
        return value ^ 0xFFFF_FFFF
    }

    /// Repeatable bytes (an LCG's high bytes).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    @Test func theChecksumOfTheStandardCheckInputIsZlibs() {
        var crc = CRC32()
        crc.add(Array("123456789".utf8))
        #expect(crc.checksum == 0xCBF4_3926)
    }

    @Test func everyLengthSplitAndByteSourceGivesTheBitwiseDefinitionsValue() {
        for count in 0..<70 {
            let input = Self.bytes(count, seed: UInt64(count) + 1)
            let expected = Self.bitwise(input)
            var whole = CRC32()
            whole.add(input)
            #expect(whole.checksum == expected, "length \(count)")
            var lazy = CRC32()  // no contiguous storage: the copying path
            lazy.add(input.lazy.map { $0 })
            #expect(lazy.checksum == expected, "length \(count), not contiguous")
            for split in 0...count {
                var parts = CRC32()
                parts.add(input[..<split])
                input[split...].withUnsafeBytes { parts.add($0) }
                #expect(parts.checksum == expected, "length \(count) split at \(split)")
            }
        }
    }

    @Test func aStringCountsItsUTF8LengthThenItsBytes() {
        for text in ["", "hour_start_ns", "Bolus 50 µg — Ärztin 👩‍⚕️", String(repeating: "x", count: 100)] {
            var byString = CRC32()
            byString.add(text)
            var byParts = CRC32()
            byParts.add(Int64(text.utf8.count))
            byParts.add(Array(text.utf8))
            #expect(byString.checksum == byParts.checksum)
            let length = withUnsafeBytes(of: Int64(text.utf8.count).littleEndian) { Array($0) }
            #expect(byString.checksum == Self.bitwise(length + Array(text.utf8)))
        }
    }
}
