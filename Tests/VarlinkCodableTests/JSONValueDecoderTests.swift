import Foundation
import PumpCore
import Testing
import Varlink

@testable import VarlinkCodable

/// `JSONValueDecoder` reads what `JSONEncoder` wrote into the value `JSONDecoder` reads (issue 13:
/// a restore decodes its checkpoint without `JSONDecoder`'s first-use cost), and refuses what it
/// refuses, naming where.
@Suite struct JSONValueDecoderTests {
    enum Mood: String, Codable { case calm, alert }

    struct Inner: Codable, Equatable {
        var name = "a/b \"quoted\" é\n\u{1F489}"
        var list: [Int64] = [1, -2, .max, .min]
    }

    struct Shapes: Codable, Equatable {
        var text = ""
        var flag = true
        var small: Int8 = .min
        var tiny: UInt8 = .max
        var medium: Int32 = .max
        var unsigned: UInt32 = .max
        var wide: UInt64 = UInt64(Int64.max)
        var word: Int = -1
        var ratio = 0.25
        var whole = 3.0
        var mood = Mood.alert
        var inner = Inner()
        var inners = [Inner(), Inner(name: "", list: [])]
        var absent: Int64? = nil
        var present: Int64? = 0
        var optionalInner: Inner? = Inner(name: "x", list: [])
        var byName: [String: Int64] = ["z": 1, "Z": 2, "": 3]
        var matrix: [[Int32]] = [[], [1], [2, 3]]
        var optionals: [Int64?] = [nil, 4, nil]
        var nested: [String: [Inner]] = ["a": [Inner()], "b": []]
    }

    /// Through JSONEncoder's text, as a checkpoint is stored.
    static func roundTrip<T: Codable>(_ value: T) throws -> (ours: T, foundation: T) {
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        return (try JSONValueDecoder.decode(T.self, fromText: text), try JSONDecoder().decode(T.self, from: Data(text.utf8)))
    }

    @Test func everyContainerShapeDecodesAsJSONDecoderDecodesIt() throws {
        for value in [Shapes(), Shapes(text: "ü", flag: false, small: 0, tiny: 0, medium: .min, unsigned: 0, wide: 0, word: .max, ratio: -1e300, whole: 0, mood: .calm, inner: Inner(name: "", list: []), inners: [], absent: 7, present: nil, optionalInner: nil, byName: [:], matrix: [], optionals: [], nested: [:])] {
            let decoded = try Self.roundTrip(value)
            #expect(decoded.ours == value)
            #expect(decoded.ours == decoded.foundation)
        }
    }

    /// Custom `Codable` conformances of the core: a flex program keyed by weekday names, optional
    /// boluses, limits.
    @Test func aFlexPrescriptionDecodesAsJSONDecoderDecodesIt() throws {
        let day = DailySchedule(steps: [
            FlexStep(start: TimeOfDay(secondsSinceMidnight: 0), rate: .microgramsPerDay(400)),
            FlexStep(start: TimeOfDay(secondsSinceMidnight: 8 * 3600), rate: .microgramsPerDay(650)),
        ])
        let prescription = Prescription(
            drug: Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000)),
            basal: .flex(FlexSchedule(everyDay: day, byWeekday: [.saturday: DailySchedule(steps: [FlexStep(start: TimeOfDay(secondsSinceMidnight: 0), rate: .microgramsPerDay(300))])])),
            limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
            lowReservoirAlarm: .millilitres(2))
        let decoded = try Self.roundTrip(prescription)
        #expect(decoded.ours == prescription)
        #expect(decoded.foundation == prescription)
    }

    struct Strict: Codable {
        var count: Int64
        var small: Int8
        var name: String
        var mood: Mood
        var items: [Int64]
        var maybe: Int64?
    }

    /// Each malformed document, the error `JSONValueDecoder` gives and where (`JSONDecoder`
    /// refuses every one of them too).
    static let refused: [(text: String, error: String, path: String)] = [
        (#"{"small":1,"name":"a","mood":"calm","items":[]}"#, "keyNotFound count", ""),
        (#"{"count":"1","small":1,"name":"a","mood":"calm","items":[]}"#, "typeMismatch", "count"),
        (#"{"count":1.5,"small":1,"name":"a","mood":"calm","items":[]}"#, "typeMismatch", "count"),
        (#"{"count":null,"small":1,"name":"a","mood":"calm","items":[]}"#, "valueNotFound", "count"),
        (#"{"count":1,"small":128,"name":"a","mood":"calm","items":[]}"#, "dataCorrupted", "small"),
        (#"{"count":1,"small":1,"name":7,"mood":"calm","items":[]}"#, "typeMismatch", "name"),
        (#"{"count":1,"small":1,"name":"a","mood":"sad","items":[]}"#, "dataCorrupted", "mood"),
        (#"{"count":1,"small":1,"name":"a","mood":"calm","items":[1,"2"]}"#, "typeMismatch", "items.Index 1"),
        (#"{"count":1,"small":1,"name":"a","mood":"calm","items":{}}"#, "typeMismatch", "items"),
        (#"{"count":1,"small":1,"name":"a","mood":"calm","items":[],"maybe":true}"#, "typeMismatch", "maybe"),
        (#"[1]"#, "typeMismatch", ""),
        (#"{"count":1,"small":1,"name":"a","mood":"calm","items":[]"#, "dataCorrupted", ""),
        (#""#, "dataCorrupted", ""),
    ]

    static func describe(_ error: DecodingError) -> (kind: String, path: String) {
        func join(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return ("keyNotFound \(key.stringValue)", join(context.codingPath))
        case .typeMismatch(_, let context): return ("typeMismatch", join(context.codingPath))
        case .valueNotFound(_, let context): return ("valueNotFound", join(context.codingPath))
        case .dataCorrupted(let context): return ("dataCorrupted", join(context.codingPath))
        @unknown default: return ("unknown", "")
        }
    }

    @Test(arguments: refused.indices) func aMalformedDocumentIsRefusedNamingWhereAsJSONDecoderRefusesIt(_ index: Int) throws {
        let (text, kind, path) = Self.refused[index]
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Strict.self, from: Data(text.utf8)) }
        do {
            _ = try JSONValueDecoder.decode(Strict.self, fromText: text)
            Issue.record("accepted \(text)")
        } catch let error as DecodingError {
            let found = Self.describe(error)
            #expect(found.kind == kind, "\(text)")
            #expect(found.path == path, "\(text)")
        }
    }

    @Test func aShortArrayIsRefusedAtTheFirstMissingElement() throws {
        struct Pair: Decodable {
            var first: Int64, second: Int64
            init(from decoder: any Decoder) throws {
                var elements = try decoder.unkeyedContainer()
                first = try elements.decode(Int64.self)
                second = try elements.decode(Int64.self)
            }
        }
        #expect(try JSONValueDecoder.decode(Pair.self, fromText: "[1,2]").second == 2)
        do {
            _ = try JSONValueDecoder.decode(Pair.self, fromText: "[1]")
            Issue.record("a one-element array decoded as a pair")
        } catch let error as DecodingError {
            #expect(Self.describe(error).kind == "valueNotFound")
            #expect(Self.describe(error).path == "Index 1")
        }
    }

    struct Wide: Codable, Equatable {
        var count: Int64
        var big: UInt64?
        var ratio: Float?
    }

    /// Texts `JSONDecoder` would read, refused: a repeated key (which of its values is meant cannot
    /// be known), an integer written with a fraction (`JSONEncoder` never writes one), an integer
    /// beyond Int64 (loudly, where a checkpoint could otherwise be misread), and the three at once
    /// (the strict parse stops at the first; nothing is handed on).
    @Test(arguments: [
        #"{"count":1,"count":2}"#, #"{"count":1.0}"#, #"{"count":1,"big":18446744073709551615}"#,
        #"{"big":18446744073709551615,"count":1,"count":2.0}"#,
    ])
    func anAmbiguousOrNonIntegerTextIsRefusedThoughJSONDecoderReadsIt(_ text: String) throws {
        #expect((try? JSONDecoder().decode(Wide.self, from: Data(text.utf8))) != nil)
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Wide.self, fromText: text) }
    }

    @Test func aFloatBeyondFloatsRangeIsRefusedAsJSONDecoderRefusesIt() throws {
        let text = #"{"count":1,"ratio":1e39}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Wide.self, from: Data(text.utf8)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Wide.self, fromText: text) }
        #expect(try JSONValueDecoder.decode(Wide.self, fromText: #"{"count":1,"ratio":0.5}"#).ratio == 0.5)
    }

    /// An element whose decoding failed is still the next one, as in `JSONDecoder`: a type that
    /// tries one form and then another reads every element.
    @Test func aFailedDecodingInAnArrayLeavesTheElementNext() throws {
        struct Either: Decodable, Equatable {
            var items: [String] = []
            init(items: [String]) { self.items = items }
            init(from decoder: any Decoder) throws {
                var elements = try decoder.unkeyedContainer()
                while !elements.isAtEnd {
                    if let number = try? elements.decode(Int64.self) { items.append("#\(number)") } else { items.append(try elements.decode(String.self)) }
                }
            }
        }
        let text = #"[1,"a",2,"b"]"#
        #expect(try JSONValue.parse(text).flatMapDecoding(Either.self) == Either(items: ["#1", "a", "#2", "b"]))
        #expect(try JSONDecoder().decode(Either.self, from: Data(text.utf8)) == Either(items: ["#1", "a", "#2", "b"]))
    }
}

extension JSONValue {
    /// This value decoded by `JSONValueDecoder` alone (no hand-over to `JSONDecoder`).
    func flatMapDecoding<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueDecoder.decode(type, from: self) }
}
