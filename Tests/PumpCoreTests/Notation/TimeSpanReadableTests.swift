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
}
