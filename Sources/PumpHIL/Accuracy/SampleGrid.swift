import PumpCore

/// The samples of an analysis period, one per point of its Δt grid.
struct SampleGrid {
    /// Delivered volume at analysisStart + k·Δt for k = 0…intervals, in nanolitres.
    var volumes: [Int64]

    /// Picks, for every grid point, the sample nearest to it within the tolerance (the earlier of
    /// two equally near). Samples in between are ignored, so a balance streaming once a second can
    /// be fed as it is.
    ///
    /// - Precondition: the configuration is valid.
    init(samples: [VolumeSample], configuration: TrumpetCurveConfiguration) throws(TrumpetCurveError) {
        let interval = configuration.sampleInterval
        let intervals = Int(configuration.analysisDuration.nanoseconds / interval.nanoseconds)
        guard samples.count >= intervals + 1 else {
            throw .tooFewSamples(
                count: samples.count, needed: intervals + 1, analysisStart: configuration.analysisStart,
                analysisEnd: configuration.analysisEnd, sampleInterval: interval)
        }
        for index in samples.indices.dropFirst() where samples[index].time <= samples[index - 1].time {
            throw .nonMonotonicTime(index: index, previous: samples[index - 1].time, time: samples[index].time)
        }
        let tolerance = configuration.effectiveTimingTolerance
        var volumes: [Int64] = []
        volumes.reserveCapacity(intervals + 1)
        var next = 0  // first sample not yet too early for the grid point
        for k in 0...intervals {
            let point = configuration.analysisStart + interval * Int64(k)
            while next < samples.count, samples[next].time < point - tolerance { next += 1 }
            var best: Int?
            var candidate = next
            while candidate < samples.count, samples[candidate].time <= point + tolerance {
                let distance = (samples[candidate].time - point).nanoseconds.magnitude
                if best.map({ distance < (samples[$0].time - point).nanoseconds.magnitude }) ?? true { best = candidate }
                candidate += 1
            }
            guard let best else {
                let neighbours = [next - 1, next].filter { samples.indices.contains($0) }
                let nearest = neighbours.min { (samples[$0].time - point).nanoseconds.magnitude < (samples[$1].time - point).nanoseconds.magnitude }
                throw .missingSample(expectedAt: point, tolerance: tolerance, nearest: nearest.map { samples[$0].time })
            }
            volumes.append(samples[best].delivered.nanolitres)
        }
        self.volumes = volumes
    }
}
