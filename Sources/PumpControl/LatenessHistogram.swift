#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Wake lateness counts in fixed log-linear buckets, written by the loop thread alone and read
/// by any thread without a lock: recording is two relaxed atomic updates into storage allocated
/// once; the percentiles are computed by the reader (`summary()`), never on the loop thread.
///
/// Resolution is HdrHistogram's at three significant digits, which the loop used before: values
/// below 2048 ns have a bucket each; above, each power of two is split into 1024 buckets, so a
/// percentile is the highest value of its bucket, at most 1/1024 (≈0.1 %) above the value it stands
/// for, and never above the maximum. The maximum and the count are exact. Values from 2^36 ns
/// (68.7 s) up share the last bucket: they are counted, and their percentile saturates there.
///
/// A reader scans the buckets while the loop may still record: it sees each count as it was at
/// some instant during its scan, so its summary counts a wake or two fewer than happened by its
/// end, never more, and its percentiles are those of the counts it saw.
public final class LatenessHistogram: Sendable {
    static let linearBuckets = 2048
    static let subBuckets = 1024
    static let bucketCount = linearBuckets + (36 - 11) * subBuckets

    /// Every access is atomic: the pointer itself is never changed after init.
    nonisolated(unsafe) private let counts: UnsafeMutablePointer<Atomic<UInt64>>
    private let maxStore = Atomic<UInt64>(0)

    public init() {
        // A zero-filled Atomic<UInt64> is a count of 0. calloc takes a block this size (221 kB,
        // above malloc's mmap threshold) straight from the kernel, whose pages read as zero
        // until first written: the start no longer writes every bucket and faults in all 54 pages
        // on its way to the first answer (issue 13). Each page is faulted in when the loop first
        // counts a lateness in its range, or at once by the loop's mlockall when memory is locked.
        let zeroed = calloc(Self.bucketCount, MemoryLayout<Atomic<UInt64>>.stride)
        guard let zeroed else { fatalError("LatenessHistogram: \(Self.bucketCount) counts not allocated") }
        counts = zeroed.bindMemory(to: Atomic<UInt64>.self, capacity: Self.bucketCount)
    }

    deinit {
        counts.deinitialize(count: Self.bucketCount)
        free(counts)
    }

    /// Counts one wake `nanoseconds` late (loop thread only: one writer).
    public func record(_ nanoseconds: UInt64) {
        if nanoseconds > maxStore.load(ordering: .relaxed) { maxStore.store(nanoseconds, ordering: .relaxed) }
        // Releasing: a reader that sees this count also sees the maximum that covers it.
        counts[Self.bucket(of: nanoseconds)].wrappingAdd(1, ordering: .releasing)
    }

    /// Wakes counted so far with their p50, p99 and maximum (any thread; scans every bucket).
    public func summary() -> LatenessSummary {
        var total: UInt64 = 0
        for i in 0..<Self.bucketCount { total &+= counts[i].load(ordering: .acquiring) }
        let max = maxStore.load(ordering: .relaxed)
        guard total > 0 else { return LatenessSummary(wakes: 0, p50: 0, p99: 0, max: 0) }
        // Ranks as HdrHistogram takes them: the smallest count covering the percentile, at least 1.
        let rank50 = Swift.max(1, (total * 50 + 99) / 100), rank99 = Swift.max(1, (total * 99 + 99) / 100)
        var p50: UInt64?, p99: UInt64 = max
        var seen: UInt64 = 0
        // Counts may have grown since they were summed: stop at the ranks taken from that sum.
        for i in 0..<Self.bucketCount {
            seen &+= counts[i].load(ordering: .relaxed)
            if p50 == nil, seen >= rank50 { p50 = Swift.min(Self.highestValue(inBucket: i), max) }
            if seen >= rank99 {
                p99 = Swift.min(Self.highestValue(inBucket: i), max)
                break
            }
        }
        return LatenessSummary(wakes: total, p50: p50 ?? max, p99: p99, max: max)
    }

    /// The bucket holding `value`.
    static func bucket(of value: UInt64) -> Int {
        guard value >= UInt64(linearBuckets) else { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount  // 11 and up
        guard exponent < 36 else { return bucketCount - 1 }
        let shift = exponent - 10
        return linearBuckets + (exponent - 11) * subBuckets + Int(value >> UInt64(shift)) - subBuckets
    }

    /// The largest value `bucket(of:)` puts in bucket `index`.
    static func highestValue(inBucket index: Int) -> UInt64 {
        guard index >= linearBuckets else { return UInt64(index) }
        let exponent = (index - linearBuckets) / subBuckets + 11
        let shift = UInt64(exponent - 10)
        let sub = UInt64((index - linearBuckets) % subBuckets + subBuckets)
        return ((sub + 1) << shift) - 1
    }
}
