import Foundation
import PumpStorage
import Testing

/// Measures write latency with synchronous=FULL on this machine's disk. It prints, never asserts
/// a time, and runs only when asked: `PUMPD_STORAGE_TIMING=1 swift test --skip-build --filter
/// WriteTiming`. Set TMPDIR to put the database on the disk of interest (not a tmpfs).
@Suite("Write timing", .serialized, .enabled(if: ProcessInfo.processInfo.environment["PUMPD_STORAGE_TIMING"] != nil))
struct WriteTimingTests {
    static let count = 1_000

    @Test func checkpointAndEventWriteTimes() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        #expect(try database.settings().synchronous == 2)
        // A restore document of about 2 KB, the size the therapy engine's state is expected to be.
        let document = #"{"engine":"# + "\"" + String(repeating: "x", count: 2_000) + "\"}"

        let checkpoints = try Self.time { index in
            try database.write { tx in _ = try tx.saveCheckpoint(Fixture.checkpoint(Int64(index), document: document)) }
        }
        let events = try Self.time { index in
            try database.write { tx in _ = try Fixture.event(tx, kind: "stepDelivered", atSecond: Int64(index)) }
        }
        let clock = ContinuousClock()
        let batch = try clock.measure {
            try database.write { tx in
                for index in 0..<Self.count { try Fixture.event(tx, kind: "stepDelivered", atSecond: Int64(index)) }
            }
        }
        print("PumpStorage write timing, \(Self.count) writes each, synchronous=FULL, database in \(directory.path)")
        print("  checkpoint (~2 KB document), one transaction each: \(checkpoints)")
        print("  event, one transaction each: \(events)")
        print("  \(Self.count) events in one transaction: \(Self.milliseconds(batch)) ms")
        #expect(try database.events().count == 2 * Self.count)
    }

    @Test func openTimeOfALargeDatabase() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let summary = String(repeating: "step delivered ", count: 6)
        for batch in 0..<100 {
            try database.write { tx in
                for index in 0..<1_000 {
                    _ = try tx.appendEvent(
                        wallNanoseconds: Fixture.baseWall + Int64(batch * 1_000 + index) * Fixture.second,
                        utcOffsetSeconds: 0, kind: "stepDelivered", summary: summary,
                        detail: #"{"step":\#(index),"volume_pl":250000}"#, actor: nil)
                }
            }
        }
        database.close()
        let size = try directory.contents().count
        let clock = ContinuousClock()
        var reopened: PumpDatabase?
        let elapsed = try clock.measure { reopened = try directory.open() }
        print("  open (full integrity_check) of 100 000 events, \(size / 1_048_576) MiB: \(Self.milliseconds(elapsed)) ms")
        #expect(reopened?.isNew == false)
    }

    struct Summary: CustomStringConvertible {
        var median: Duration
        var p99: Duration
        var total: Duration
        var description: String {
            "median \(WriteTimingTests.milliseconds(median)) ms, p99 \(WriteTimingTests.milliseconds(p99)) ms, "
                + "total \(WriteTimingTests.milliseconds(total)) ms"
        }
    }

    static func time(_ body: (Int) throws -> Void) throws -> Summary {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for index in 0..<count {
            let start = clock.now
            try body(index)
            samples.append(clock.now - start)
        }
        samples.sort()
        return Summary(
            median: samples[count / 2], p99: samples[count * 99 / 100],
            total: samples.reduce(Duration.zero, +))
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1_000 + Double(attoseconds) / 1e15
        return String(format: "%.3f", value)
    }
}
