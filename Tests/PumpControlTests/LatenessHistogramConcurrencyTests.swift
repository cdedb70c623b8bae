import Foundation
import PumpControl
import Synchronization
import Testing

/// A summary read while the loop records is still a summary of some counts it saw: percentiles in
/// order and never above the maximum, the wake count never falling (issue 13 review).
@Suite struct LatenessHistogramConcurrencyTests {
    @Test func summariesReadWhileTheLoopRecordsStayOrderedAndBoundedByTheMaximum() {
        let histogram = LatenessHistogram()
        let done = Atomic<Bool>(false)
        let writer = Thread {
            var value: UInt64 = 0x9E37_79B9_7F4A_7C15
            for _ in 0..<2_000_000 {
                value ^= value << 13; value ^= value >> 7; value ^= value << 17
                // Mostly small, sometimes huge: maxima move while readers scan.
                histogram.record(value % 64 == 0 ? value >> 20 : value % 50_000)
            }
            done.store(true, ordering: .releasing)
        }
        writer.start()
        var lastWakes: UInt64 = 0, reads = 0
        while !done.load(ordering: .acquiring) || reads == 0 {
            let summary = histogram.summary()
            #expect(summary.p50 <= summary.p99 && summary.p99 <= summary.max, "\(summary)")
            #expect(summary.wakes >= lastWakes, "\(summary) after \(lastWakes) wakes")
            lastWakes = summary.wakes
            reads += 1
        }
        #expect(histogram.summary().wakes == 2_000_000)
    }
}
