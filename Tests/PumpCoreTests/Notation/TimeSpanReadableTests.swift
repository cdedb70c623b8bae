import PumpCore
import Testing

@Suite struct TimeSpanReadableTests {
    static let cases: [(TimeSpan, String)] = [
        (.nanoseconds(5_286_115_407), "5.2 s"),
        (.seconds(5_286), "1 h 28 min"),
        (.nanoseconds(-17_984_332_495_220), "-4 h 59 min"),
        (.nanoseconds(25_884_831_000), "25 s"),
        (.minutes(90), "1 h 30 min"),
        (.hours(2) + .seconds(59), "2 h"),
        (.days(3) + .hours(4) + .seconds(5), "3 d 4 h"),
        (.milliseconds(250), "250 ms"),
        (.nanoseconds(1_500), "1 µs"),
        (.nanoseconds(999), "999 ns"),
        (.zero, "0 s"),
    ]

    @Test(arguments: cases)
    func spansReadAsTheirTwoLargestUnits(span: TimeSpan, readable: String) {
        #expect(span.readable == readable)
    }

    @Test func theReadableFormNeverOverstatesTheSpan() {
        // Cut, never rounded up: 59 min 59 s is not "1 h".
        #expect(TimeSpan.seconds(3_599).readable == "59 min 59 s")
        #expect(TimeSpan.milliseconds(59_999).readable == "59 s")
    }

    /// The table-driven form `readable` had before its branches replaced the table: every span
    /// must still read the same (log lines and messages keep their text).
    static func tableReading(_ span: TimeSpan) -> String {
        let magnitude = span.nanoseconds.magnitude
        guard magnitude >= 10_000_000_000 else { return span.readable }
        let units: [(UInt64, String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        var seconds = magnitude / 1_000_000_000
        var parts: [String] = []
        for (size, name) in units where parts.count < 2 {
            let count = seconds / size
            seconds %= size
            if count > 0 {
                parts.append("\(count) \(name)")
            } else if !parts.isEmpty {
                break
            }
        }
        return (span.nanoseconds < 0 ? "-" : "") + parts.joined(separator: " ")
    }

    @Test func spansOfTenSecondsAndMoreReadAsTheTableDrivenFormDid() {
        var spans: [Int64] = [Int64.max, Int64.min, Int64.min + 1]
        for unit: Int64 in [1, 60, 3_600, 86_400] {
            for count: Int64 in [1, 2, 9, 10, 23, 24, 59, 60, 61, 99, 1_000] {
                for offset: Int64 in [-61, -60, -1, 0, 1, 59, 60, 3_599, 3_600, 3_661, 86_399] {
                    let seconds = unit * count + offset
                    spans += [seconds * 1_000_000_000, seconds * 1_000_000_000 + 999_999_999, -seconds * 1_000_000_000]
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            // splitmix64: a fixed sequence, the same on every run.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            // Spread over every scale, from seconds to centuries.
            spans.append(Int64(bitPattern: z) >> Int64(z % 40))
        }
        var checked = 0
        for nanoseconds in spans where nanoseconds.magnitude >= 10_000_000_000 {
            let span = TimeSpan.nanoseconds(nanoseconds)
            #expect(span.readable == Self.tableReading(span), "\(nanoseconds)")
            checked += 1
        }
        #expect(checked > 10_000)
    }
}
