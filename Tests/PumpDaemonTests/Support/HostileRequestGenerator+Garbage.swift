import Foundation

/// The garbage half of the generator: broken envelopes and JSON, truncated and half-sent messages,
/// random bytes, sizes at and past the limit, and the dictionaries of values it all draws from.
extension HostileRequestGenerator {
    // MARK: Broken envelopes and broken JSON

    mutating func brokenEnvelope() -> HostileMessage {
        let method = rng.pick(PumpdMethods.all)
        let parameters: HostileJSON = .object(
            PumpdMethods.changingState[method] != nil
                ? applyWitness(method, to: plausibleParameters(method)).0 : plausibleParameters(method))
        func malformed(_ document: HostileJSON, _ label: String) -> HostileMessage {
            HostileMessage(bytes: document.bytes + [0], label: "envelope: \(label)", method: nil, expectation: .malformed)
        }
        switch rng.int(0...10) {
        case 0: return malformed(.object([("parameters", parameters)]), "no method")
        case 1:
            return malformed(
                .object([
                    (
                        "method",
                        rng.pick([.null, .int(5), .bool(true), .array([.string(method)]), HostileJSON.emptyObject, .double("1.5")])
                    ), ("parameters", parameters),
                ]), "method not a string")
        case 2:
            let name = invalidMethodName(method)
            return malformed(
                .object([("method", .string(name)), ("parameters", parameters)]), "method name \(Self.quoted(name)) not a qualified name")
        case 3:
            return malformed(
                .object([
                    ("method", .string(method)),
                    ("parameters", rng.pick([.int(5), .string("{}"), .array([]), .bool(true), .double("0.0"), .array([parameters])])),
                ]), "parameters not an object")
        case 4:
            let flag = rng.pick(["oneway", "more", "upgrade"])
            let value = rng.pick([
                HostileJSON.string("true"), .int(1), .int(0), .array([]), HostileJSON.emptyObject, .double("1.0"), .string(""),
            ])
            return malformed(.object([("method", .string(method)), ("parameters", parameters), (flag, value)]), "\(flag) not a boolean")
        case 5:
            return malformed(
                .object([("method", .string(method)), ("parameters", parameters), ("oneway", .bool(true)), ("more", .bool(true))]),
                "oneway and more")
        case 6:
            return malformed(.object([("method", .string("io.pumpd.Pump.GetStatus")), ("method", .string(method))]), "method given twice")
        case 7:
            let document = HostileJSON.object([("method", .string(method)), ("parameters", parameters)])
            let trailing = rng.pick([" x", "{}", ",", "]", "}", " {\"method\":\"io.pumpd.Pump.GetStatus\"}", "null", "\u{7F}"])
            return HostileMessage(
                bytes: document.bytes + Array(trailing.utf8) + [0], label: "envelope: trailing \(Self.quoted(trailing))", method: nil,
                expectation: .malformed)
        case 8:
            let document = HostileJSON.object([("method", .string(method)), ("parameters", parameters)])
            return HostileMessage(
                bytes: [0xEF, 0xBB, 0xBF] + document.bytes + [0], label: "envelope: byte order mark first", method: nil,
                expectation: .malformed)
        case 9:
            // Valid but unknown names: answered InterfaceNotFound or MethodNotFound.
            let name = rng.pick([
                "io.pumpd.Pumps.GetStatus", "io.pumpd.Pump.Explode", "io.pumpd.Pump.GetStatus2", "io.pumpd.Rig.Stop",
                "io.pumpd.Pump.AdvanceTime", "io.pumpd.Rig.GetStatus", "org.varlink.service.Stop", "io.pumpd.GetStatus",
                "io.pump-d.Pump.GetStatus", "IO.PUMPD.PUMP.GetStatus", "io.pumpd.pump.Stop", "a.b.C", "io.pumpd.Pump.STOP",
                "io.pumpd.Pump.Stop0", "io.pumpd.Pump", String(repeating: "a.", count: 3_000) + "B",
            ])
            let document = HostileJSON.object(
                [("method", .string(name)), ("parameters", parameters)] + (rng.chance(0.2) ? [("oneway", .bool(true))] : []))
            return HostileMessage(
                bytes: document.bytes + [0], label: "unknown-method: \(name.prefix(40))", method: name, expectation: .call,
                oneway: document.members.count == 3)
        default:
            // Whitespace around the value is valid JSON: a read-only call still answered normally.
            let read = rng.pick(["io.pumpd.Pump.GetStatus", "io.pumpd.Rig.GetClock", "org.varlink.service.GetInfo"])
            let document = HostileJSON.object([("method", .string(read))])
            return HostileMessage(
                bytes: Array(" \n\t".utf8) + document.bytes + Array("\r\n ".utf8) + [0], label: "read: \(read) in whitespace", method: read,
                expectation: .call)
        }
    }

    /// A name the Varlink grammar refuses: listed ones, or a served name with a character no
    /// name may contain put somewhere in it.
    private mutating func invalidMethodName(_ method: String) -> String {
        if rng.chance(0.5) {
            return rng.pick([
                "", "GetStatus", "io.pumpd", "io.pumpd.Pump.", ".io.pumpd.Pump.GetStatus", "io..pumpd.Pump.GetStatus",
                "io.pumpd.Pump.getStatus", "io.pumpd.Pump.Get_Status", "io.pumpd.Pump.Get-Status", "io.pumpd.Pump.Get Status",
                " io.pumpd.Pump.Stop", "io.pumpd.Pump.Stop ", "io.pumpd.Pump.Stop\u{0}", "io.pumpd.Pump.Stöp", "iö.pumpd.Pump.Stop",
                "1io.pumpd.Pump.Stop", "-io.pumpd.Pump.Stop", "io.pumpd-.Pump.Stop", "io.pumpd.Pump.1Stop", "io.pumpd.Pump/Stop",
                "io.pumpd.Pump.Stop.", "io", "io.", ".", "..", "io.pumpd.Pump..Stop", "io.pumpd.Pump.Stop()",
            ])
        }
        var characters = Array(method)
        let forbidden: [Character] = [
            " ", "_", "/", "$", "!", "@", "#", "%", "*", "(", "+", "=", "~", "'", "\"", "<", "?", ",", ";", ":", "ü", "\u{0}", "\t",
            "\u{200B}", "💉",
        ]
        characters.insert(rng.pick(forbidden), at: rng.int(0...characters.count))
        return String(characters)
    }

    /// Parameters with one thing inside that is not valid JSON.
    mutating func breakJSON(
        _ parameters: [(key: HostileJSON, value: HostileJSON)]
    ) -> ([(key: HostileJSON, value: HostileJSON)], String) {
        var parameters = parameters
        let index = parameters.isEmpty ? 0 : rng.int(0...parameters.count - 1)
        func put(_ value: HostileJSON) {
            if parameters.isEmpty {
                parameters.append((key: .string("x"), value: value))
            } else {
                parameters[index].value = value
            }
        }
        switch rng.int(0...5) {
        case 0:
            let token = rng.pick(Self.invalidTokens)
            put(.raw(Array(token.utf8)))
            return (parameters, "token \(token)")
        case 1:
            let (bytes, why) = invalidStringBytes()
            put(.rawString(bytes))
            return (parameters, why)
        case 2:
            let (bytes, why) = invalidStringBytes()
            parameters.insert((key: .rawString(bytes), value: .int(1)), at: rng.int(0...parameters.count))
            return (parameters, "key with \(why)")
        case 3:
            if parameters.isEmpty { parameters.append((key: .string("kind"), value: .string("single"))) }
            let duplicate = parameters[rng.int(0...parameters.count - 1)]
            let again: HostileJSON = rng.chance(0.5) ? duplicate.key : .rawString(Self.escapedFirstLetter(Self.key(duplicate.key) ?? "x"))
            parameters.append((key: again, value: value(clean: true)))
            return (parameters, "\(Self.quoted(Self.key(duplicate.key) ?? "?")) given twice")
        case 4:
            put(nested(depth: rng.int((Self.depthLimit - 1)...(Self.depthLimit + 40))))
            if HostileJSON.object([("method", .null), ("parameters", .object(parameters))]).depth <= Self.depthLimit {
                put(nested(depth: Self.depthLimit))
            }
            return (parameters, "nesting past \(Self.depthLimit)")
        default:
            put(
                .raw(
                    Array(
                        rng.pick([
                            "[1,2", "{\"a\":1", "\"open", "[,]", "{,}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{1:2}", "'x'", "tru", "nul",
                        ]).utf8)))
            return (parameters, "unterminated or misplaced structure")
        }
    }

    /// `"name"` with its first letter written as a \u escape: the same key to a JSON parser.
    private static func escapedFirstLetter(_ key: String) -> [UInt8] {
        let escaped = HostileJSON.string(key).bytes.dropFirst().dropLast()
        guard let first = key.unicodeScalars.first, first.value >= 0x20, first.value < 0x80, first != "\"", first != "\\" else {
            return Array(escaped)
        }
        return Array(String(format: "\\u%04x", first.value).utf8) + Array(escaped.dropFirst())
    }

    /// String contents a strict parser refuses, and why.
    private mutating func invalidStringBytes() -> ([UInt8], String) {
        let (bad, why): ([UInt8], String) = rng.pick([
            ([0xFF], "byte FF"), ([0xC0, 0xAF], "overlong UTF-8"), ([0xED, 0xA0, 0x80], "UTF-8 surrogate"),
            ([0xF4, 0x90, 0x80, 0x80], "UTF-8 beyond U+10FFFF"), ([0xE2, 0x82], "truncated UTF-8"), ([0x80], "lone continuation byte"),
            ([0xF8, 0x88, 0x80, 0x80, 0x80], "5-byte UTF-8"), (Array("\\ud800".utf8), "lone high surrogate escape"),
            (Array("\\udc00".utf8), "lone low surrogate escape"), (Array("\\ud800\\u0041".utf8), "unpaired surrogate escape"),
            (Array("\\x41".utf8), "escape \\x"), (Array("\\u12".utf8), "short \\u escape"), (Array("\\U0041".utf8), "escape \\U"),
            (Array("\\'".utf8), "escape \\'"), ([0x01], "raw control byte 01"), ([0x0A], "raw newline"), ([0x1F], "raw control byte 1F"),
            ([0x00], "raw NUL inside a string"), (Array("\\".utf8), "backslash at the end"),
        ])
        // Letters around it that can never complete an escape (no hex digit, no escape letter),
        // and nothing after a trailing backslash, which would escape it.
        let letters = Array("ghijklmopqswxyz".utf8)
        let prefix = (0..<rng.int(0...6)).map { _ in rng.pick(letters) }
        let suffix = bad == Array("\\".utf8) ? [] : (0..<rng.int(0...6)).map { _ in rng.pick(letters) }
        return (prefix + bad + suffix, why)
    }

    static let invalidTokens = [
        "NaN", "-NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "-1e999", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "01", "-01", "+1", ".5", "1.", "1e", "1e+", "0x10", "--1", "TRUE", "False", "None", "undefined",
        "nul", "tru", "'x'", "1_000", "- 1", "١", "0.0.1", "1e5.5",
    ]

    mutating func truncatedCall() -> HostileMessage {
        let (bytes, method) = validStateChangingCallBytes()
        let cut = rng.int(0...(bytes.count - 1))
        return HostileMessage(
            bytes: Array(bytes[..<cut]) + [0], label: "truncated: \(method) after \(cut) of \(bytes.count) bytes", method: nil,
            expectation: .malformed)
    }

    /// A complete, valid call that would change the pump's state: only ever sent cut short or
    /// without its terminating NUL.
    mutating func validStateChangingCallBytes() -> ([UInt8], String) {
        let calls: [(String, [(String, HostileJSON)])] = [
            ("io.pumpd.Pump.Stop", []), ("io.pumpd.Pump.Resume", []),
            (
                "io.pumpd.Pump.CommitRefill",
                [
                    (
                        "refill",
                        .object([
                            ("volume", .int(20_000_000)), ("drug", .object([("name", .string("baclofen")), ("concentration", .int(2_000))])),
                            ("withdrawn", .int(0)),
                        ])
                    ),
                    ("token", .string("0-0-0-0")),
                ]
            ),
            ("io.pumpd.Pump.Bolus", [("kind", .string("single")), ("dose", .int(10_000)), ("duration", .int(60))]),
            ("io.pumpd.Pump.Prime", [("newPath", .bool(true))]), ("io.pumpd.Pump.Calibrate", [("stepVolume", .int(260_000))]),
            ("io.pumpd.Rig.SetFaults", [("faults", .object([("occlusion", .bool(true))]))]),
            ("io.pumpd.Rig.AdvanceTime", [("seconds", .int(3_600))]), ("io.pumpd.Pump.AcknowledgeAlarm", [("kind", .string("occlusion"))]),
        ]
        let (method, parameters) = rng.pick(calls)
        return (HostileJSON.object([("method", .string(method)), ("parameters", .object(parameters))]).bytes, method)
    }

    mutating func tokenSoup() -> HostileMessage {
        let tokens = [
            "{", "}", "[", "]", ":", ",", "\"method\"", "\"parameters\"", "\"oneway\"", "\"more\"", "\"x\"", "\"\"", "\"a.b\"", "true",
            "false", "null", "0", "-1", "1.5", "9223372036854775807", "\"\\u0000\"", " ", "\n", "\"io\"", "\"Stop\"",
        ]
        var bytes: [UInt8] = []
        for _ in 0..<rng.int(1...60) { bytes += Array(rng.pick(tokens).utf8) }
        return HostileMessage(bytes: bytes + [0], label: "token-soup: \(bytes.count) bytes", method: nil, expectation: .malformed)
    }

    mutating func nonObject() -> HostileMessage {
        let text = rng.pick([
            "5", "-0", "1.5", "\"io.pumpd.Pump.Stop\"", "[]", "[{\"method\":\"io.pumpd.Pump.Stop\"}]", "null", "true", "false", "\"\"",
            "", " ", "\n\n", "[null]", "[\"method\",\"io.pumpd.Pump.GetStatus\"]",
        ])
        return HostileMessage(
            bytes: Array(text.utf8) + [0], label: "non-object: \(Self.quoted(text))", method: nil, expectation: .malformed)
    }

    mutating func deeplyNested() -> HostileMessage {
        let open = rng.pick(["[", "{\"a\":"])
        let close = open == "[" ? "]" : "}"
        let closed = rng.chance(0.6)
        // Within the message limit (past it, it would be refused as too large instead).
        let deepest = (Self.messageLimit - 2) / (open.utf8.count + (closed ? 1 : 0))
        let depth = rng.weighted([
            (3, rng.int((Self.depthLimit + 1)...(Self.depthLimit + 10))), (2, rng.int(100...5_000)), (1, rng.int(5_000...deepest)),
        ])
        var text = String(repeating: open, count: depth)
        if closed { text += "1" + String(repeating: close, count: depth) }
        return HostileMessage(
            bytes: Array(text.utf8) + [0], label: "deep: \(depth) levels of \(open)\(closed ? "" : " unclosed")", method: nil,
            expectation: .malformed)
    }

    /// Random bytes with NULs among them: every NUL ends a message of garbage.
    mutating func randomByteMessages() -> [HostileMessage] {
        var bytes: [UInt8]
        switch rng.int(0...3) {
        case 0: bytes = rng.bytes(rng.int(0...400))
        case 1: bytes = (0..<rng.int(1...400)).map { _ in UInt8(rng.int(0x20...0x7E)) }
        case 2: bytes = [UInt8](repeating: 0, count: rng.int(1...50))
        default: bytes = rng.bytes(rng.int(400...4_000))
        }
        if bytes.last != 0 { bytes.append(0) }
        var messages: [HostileMessage] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0 {
            messages.append(
                HostileMessage(
                    bytes: Array(bytes[start...index]), label: "random-bytes: \(index - start) bytes", method: nil, expectation: .malformed)
            )
            start = index + 1
        }
        return messages
    }

    /// The start of a message that never ends.
    mutating func partialMessage() -> ([UInt8], String) {
        switch rng.int(0...3) {
        case 0:
            let (bytes, method) = validStateChangingCallBytes()
            return (bytes, "half-sent: \(method), complete but for its NUL")
        case 1:
            let (bytes, method) = validStateChangingCallBytes()
            let cut = rng.int(1...(bytes.count - 1))
            return (Array(bytes[..<cut]), "half-sent: \(method), \(cut) of \(bytes.count) bytes")
        case 2:
            return (rng.bytes(rng.int(1...2_000)).map { $0 == 0 ? 1 : $0 }, "half-sent: random bytes")
        default:
            return (Array(String(repeating: "[", count: rng.int(1_000...60_000)).utf8), "half-sent: deep nesting")
        }
    }

    mutating func oversized() -> HostileEpisode {
        let length = rng.pick([Self.messageLimit + 1, Self.messageLimit + 2, 70_000, 100_000, 300_000, 1_000_000])
        switch rng.int(0...2) {
        case 0:
            var bytes = paddedCall(length: length)
            bytes.append(0)
            return .oversized(bytes: bytes, label: "oversized: a \(length)-byte call")
        case 1:
            return .oversized(bytes: (0..<length).map { _ in UInt8(rng.int(0x20...0x7E)) }, label: "oversized: \(length) bytes with no NUL")
        default:
            return .oversized(bytes: Array(String(repeating: "[", count: length).utf8) + [0], label: "oversized: \(length) levels of [")
        }
    }

    /// A request exactly at (or one byte under) the 64 KiB limit: served, never refused as too large.
    mutating func atTheSizeLimit() -> HostileMessage {
        let length = rng.pick([Self.messageLimit, Self.messageLimit - 1])
        let method = rng.pick(["io.pumpd.Pump.GetStatus", "io.pumpd.Pump.Stop", "io.pumpd.Rig.SetFaults"])
        return HostileMessage(
            bytes: paddedCall(length: length, method: method) + [0], label: "at-limit: \(length)-byte \(method)", method: method,
            expectation: .call)
    }

    /// `{"method":M,"parameters":{"padding":"xxx…"}}` of exactly `length` bytes: the unknown
    /// parameter makes it certainly refused.
    private func paddedCall(length: Int, method: String = "io.pumpd.Pump.GetStatus") -> [UInt8] {
        let empty = HostileJSON.object([("method", .string(method)), ("parameters", .object([("padding", .string(""))]))]).bytes.count
        return HostileJSON.object([
            ("method", .string(method)), ("parameters", .object([("padding", .string(String(repeating: "x", count: length - empty)))])),
        ]).bytes
    }

    // MARK: Values

    static let boundaryIntegers: [Int64] = {
        var values: [Int64] = [
            0, 1, -1, 2, -2, .max, .min, .max - 1, .min + 1, Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) + 1,
            Int64(UInt32.max), Int64(UInt32.max) + 1, 1 << 53, -(1 << 53), (1 << 53) + 1, 1 << 62, 86_400, 86_401, 34_560_000,
            34_560_001, 65_536, 100_000, 125_000, 250_000, 500_000, 1_000_000, 10_000_000, 10_000_001, 40_000_000, 40_000_001,
            1_000_000_000, 1_000_000_000_000,
        ]
        var power: Int64 = 1
        for _ in 1...18 {
            power *= 10
            values += [.max / power, -(.max / power), .max / power + 1, .max / power - 1]
        }
        return values
    }()

    mutating func integer() -> Int64 {
        switch rng.weighted([(5, 0), (3, 1), (2, 2)]) {
        case 0: rng.pick(Self.boundaryIntegers)
        case 1: Int64(rng.int(-1_000...1_000))
        default: Int64(bitPattern: rng.next())
        }
    }

    mutating func string() -> String {
        switch rng.weighted([(6, 0), (2, 1), (2, 2)]) {
        case 0:
            return rng.pick([
                "", " ", "a", "null", "true", "0", "-1", "NaN", "ü", "💉", "\u{202E}evil", "vоlume", "\u{200B}", "a\u{0}b", "\u{0}",
                "line\nbreak", "tab\t", "\"quoted\"", "back\\slash", "{\"method\":\"io.pumpd.Pump.Stop\"}", "'; DROP TABLE events; --",
                "%s%n%x%d", "../../../etc/passwd", "io.pumpd.Pump.Stop", "occlusion", "battery", "monday", "single", "continuous",
                "00:00", "24:00", "2026-11-21T08:30:00+01:00", String(repeating: "x", count: 1_000), String(repeating: "é", count: 300),
            ])
        case 1: return String((0..<rng.int(0...40)).map { _ in Character(UnicodeScalar(UInt8(rng.int(0x20...0x7E)))) })
        default:
            let ranges: [ClosedRange<UInt32>] = [
                0x00...0x1F, 0x20...0x7E, 0xA0...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF,
            ]
            var scalars = String.UnicodeScalarView()
            for _ in 0..<rng.int(0...20) {
                let range = rng.pick(ranges)
                if let scalar = UnicodeScalar(UInt32.random(in: range, using: &rng)) { scalars.append(scalar) }
            }
            return String(scalars)
        }
    }

    /// RFC 3339 times from ordinary to the edges of what nanoseconds since 1970 in an Int64 can
    /// hold, plus malformed ones.
    mutating func time() -> String {
        switch rng.weighted([(3, 0), (3, 1), (2, 2), (2, 3)]) {
        case 0:
            let fraction = rng.chance(0.3) ? "." + String((0..<rng.int(1...9)).map { _ in Character(String(rng.int(0...9))) }) : ""
            let zone = rng.chance(0.5) ? "Z" : String(format: "%@%02d:%02d", rng.chance(0.5) ? "+" : "-", rng.int(0...23), rng.int(0...59))
            return String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d", rng.int(1900...2100), rng.int(1...12), rng.int(1...28), rng.int(0...23),
                rng.int(0...59), rng.int(0...59)) + fraction + zone
        case 1:
            return rng.pick([
                "1677-09-21T00:12:44Z", "1677-09-21T00:12:43Z", "1677-09-21T00:12:43.145224192Z", "1677-09-21T00:12:43.145224193Z",
                "1677-09-22T00:12:44Z", "1677-09-21T23:59:59+23:59", "2262-04-11T23:47:16Z", "2262-04-11T23:47:16.854775807Z",
                "2262-04-11T23:47:16.854775808Z", "2262-04-11T23:47:17Z", "2262-04-12T23:59:59-23:59", "0000-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2026-11-21T08:30:00+01:00",
            ])
        case 2:
            let digits = String((0..<rng.int(10...40)).map { _ in Character(String(rng.int(0...9))) })
            return "2026-11-21T08:30:00.\(digits)" + rng.pick(["Z", "+01:00", "-05:30"])
        default:
            return rng.pick([
                "", "2026", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-32T00:00:00Z", "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z", "2026-11-21T23:59:60Z", "2026-11-21 08:30:00Z", "2026-11-21t08:30:00z",
                "2026-11-21T08:30:00+24:00", "2026-11-21T08:30:00-00:60", "2026-11-21T08:30:00", "2026-11-21T08:30:00+0100",
                "２０２６-11-21T08:30:00Z", "2026-11-21T08:30:00.Z", "2026-11-21T08:30:00ZZ", "+2026-11-21T08:30:00Z",
                "-001-01-01T00:00:00Z", "2026-11-21T08:30:00\u{0}Z", "now", "yesterday", String(repeating: "9", count: 100),
            ])
        }
    }

    mutating func timeOfDay() -> String {
        rng.pick([
            "00:00", "06:30", "12:00", "23:59", "23:59:59", "24:00", "12:60", "-1:00", "+1:00", "1:00", "00:00:60", "٠٠:٠٠",
            "00:00\u{0}", "", "0:0", "00:00:00:00", "aa:bb", "99:99", "+0:+0", "-0:00", "00:00:-1", "0x:00",
        ])
    }

    /// Any value, of any JSON type (only valid JSON when `clean`).
    mutating func value(clean: Bool, depth: Int = 0) -> HostileJSON {
        let choice = rng.weighted([
            (1, 0), (1, 1), (4, 2), (1, 3), (3, 4), (depth < 3 ? 1 : 0, 5), (depth < 3 ? 1 : 0, 6), (clean ? 0 : 1, 7),
        ])
        switch choice {
        case 0: return .null
        case 1: return .bool(rng.chance(0.5))
        case 2: return .int(integer())
        case 3:
            return .double(
                rng.pick(["0.0", "-0.0", "5.0", "1.5", "1e3", "1E-7", "-2.5e10", "1.7976931348623157e308", "4.9e-324", "500000.0", "1e18"]))
        case 4: return .string(string())
        case 5:
            var items: [HostileJSON] = []
            for _ in 0..<rng.int(0...4) { items.append(value(clean: clean, depth: depth + 1)) }
            return .array(items)
        case 6:
            var members: [(String, HostileJSON)] = []
            for index in 0..<rng.int(0...4) { members.append(("k\(index)", value(clean: clean, depth: depth + 1))) }
            return .object(members)
        default: return .raw(Array(rng.pick(Self.invalidTokens).utf8))
        }
    }

    /// A value of any JSON type but `kind` (never null, which would read as absent).
    mutating func wrongType(for kind: PumpdMethods.Kind) -> HostileJSON {
        let others = PumpdMethods.Kind.allCases.filter { $0 != kind }
        switch rng.pick(others) {
        case .int: return rng.chance(0.5) ? .int(integer()) : .double(rng.pick(["5.0", "250000.0", "1e3", "-1.0", "0.5"]))
        case .string: return .string(rng.pick(["5", "true", "250000", "", "single", string()]))
        case .bool: return .bool(rng.chance(0.5))
        case .object: return HostileJSON.emptyObject
        case .array: return .array(rng.chance(0.5) ? [] : [value(clean: true)])
        }
    }

    /// Nested arrays and objects `depth` levels deep.
    func nested(depth: Int) -> HostileJSON {
        var value = HostileJSON.int(1)
        for level in 0..<depth { value = level % 3 == 2 ? .object([("a", value)]) : .array([value]) }
        return value
    }

    /// A parameter name the method does not declare: near misses of real ones, other methods'
    /// names, odd characters.
    mutating func unknownKey(for method: String) -> String {
        let declared = Set(PumpdMethods.parameters(of: method).map(\.name))
        let allNames = Set((PumpdMethods.readOnly.values.flatMap { $0 } + PumpdMethods.changingState.values.flatMap { $0 }).map(\.name))
            .sorted()
        while true {
            let base = rng.pick(allNames)
            let key: String
            switch rng.int(0...7) {
            case 0: key = base.uppercased()
            case 1: key = base + " "
            case 2: key = base + "\u{0}"
            case 3: key = base.replacingFirst("o", with: "о")  // Cyrillic о
            case 4: key = base
            case 5: key = rng.pick(["", " ", "x", "__proto__", "constructor", "parameters", "method", "💉", "\u{0}"])
            case 6: key = "_" + base
            default: key = string()
            }
            if !declared.contains(key) { return key }
        }
    }

    // MARK: Helpers

    static func key(_ key: HostileJSON) -> String? {
        if case .string(let text) = key { return text }
        return nil
    }

    static func quoted(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? String(format: "\\u{%X}", scalar.value) : String(scalar)
        }.joined()
        return "\"\(escaped.prefix(60))\(escaped.count > 60 ? "…" : "")\""
    }
}

extension String {
    func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self + String(replacement) }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
