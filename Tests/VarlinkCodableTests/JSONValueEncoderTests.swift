import Foundation
import PumpCore
import Testing
import Varlink

@testable import VarlinkCodable

/// WireCoding builds JSON values directly (issue 13: no JSONEncoder text parsed back); replies
/// must stay byte for byte what JSONEncoder with sorted keys produced.
@Suite struct JSONValueEncoderTests {
    /// What `WireCoding.encode` gave before: JSONEncoder's text, sorted keys, parsed.
    static func throughText(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONValue.parse(Array(encoder.encode(value))).serialized()
    }

    struct Inner: Codable, Equatable {
        var name = "a/b \"quoted\" é\n"
        var list: [Int64] = [1, -2, .max, .min]
    }

    /// Keys that sort differently by case, by digits and by bytes, and every container shape.
    struct Shapes: Encodable {
        enum Key: String, CodingKey { case b, B, a, A, aB, ab, _x, a10, a2, nested, rows, matrix, none, flag, ratio, whole, small, parent }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("b", forKey: .b)
            try container.encode(Int64(2), forKey: .B)
            try container.encode(true, forKey: .a)
            try container.encode(Inner(), forKey: .A)
            try container.encode(UInt8(7), forKey: .aB)
            try container.encode(Int32(-9), forKey: .ab)
            try container.encodeNil(forKey: ._x)
            try container.encode([Inner(), Inner(name: "", list: [])], forKey: .a10)
            try container.encode(["z": 1, "Z": 2, "y": 3], forKey: .a2)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .nested)
            try nested.encode(false, forKey: .flag)
            try nested.encodeIfPresent(Int64?.none, forKey: .none)
            var rows = container.nestedUnkeyedContainer(forKey: .rows)
            try rows.encode("first")
            try rows.encodeNil()
            var row = rows.nestedContainer(keyedBy: Key.self)
            try row.encode(Int64(3), forKey: .b)
            var matrix = container.nestedUnkeyedContainer(forKey: .matrix)
            var line = matrix.nestedUnkeyedContainer()
            try line.encode(Int64(1))
            try container.encode(2.5, forKey: .ratio)
            try container.encode(3.0, forKey: .whole)
            try container.encode(Optional<Int64>.none, forKey: .small)
            try Inner().encode(to: container.superEncoder(forKey: .parent))
            try Inner(name: "super").encode(to: container.superEncoder())
        }
    }

    @Test func everyShapeEncodesToTheBytesJSONEncoderWithSortedKeysGave() throws {
        #expect(WireCoding.encode(Shapes()).serialized() == (try Self.throughText(Shapes())))
    }

    @Test func aPrescriptionEncodesToTheBytesItHadBefore() throws {
        let prescription = try WireCoding.decode(Prescription.self, from: WireCodingTests.valid, at: "prescription")
        #expect(WireCoding.encode(prescription).serialized() == (try Self.throughText(prescription)))
    }
}
