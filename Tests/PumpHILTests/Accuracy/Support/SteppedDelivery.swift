import PumpCore
import PumpHIL

/// An ideal stepper at a constant rate: a step the instant the programmed volume reaches the
/// delivered volume plus one step, so N(t) = ⌊(r·t + phase) / s⌋ steps by time t.
struct SteppedDelivery {
    var rate: VolumeRate
    var step: StepVolume
    /// Progress towards the first step at time zero, in picolitres (0 ≤ phase < s).
    var phasePicolitres: Int64 = 0

    static let day = Int128(TimeSpan.day.nanoseconds)

    /// Steps issued by `time` (those due at `time` included).
    func steps(at time: TimeSpan) -> Int64 {
        let programmed = Int128(rate.picolitresPerDay) * Int128(time.nanoseconds) + Int128(phasePicolitres) * Self.day
        return Int64(programmed / (Int128(step.picolitres) * Self.day))
    }

    /// What a rig reporting its step count reports: steps × step volume, floored to the nanolitre.
    func delivered(at time: TimeSpan) -> Volume { step.volume(ofSteps: steps(at: time)) }

    /// A sample at every multiple of `interval` from zero to `end`.
    func samples(every interval: TimeSpan = .seconds(30), until end: TimeSpan = .hours(2)) -> [VolumeSample] {
        (0...(end.nanoseconds / interval.nanoseconds)).map { k in
            let time = interval * k
            return VolumeSample(time: time, delivered: delivered(at: time))
        }
    }
}

/// A perfectly continuous delivery, sampled: V(t) = r·t, floored to the nanolitre.
struct ContinuousDelivery {
    var rate: VolumeRate
    /// Intervals with no delivery: each (start, length) shifts everything after it.
    var pauses: [(start: TimeSpan, length: TimeSpan)] = []

    func delivered(at time: TimeSpan) -> Volume {
        var flowing = time
        for pause in pauses where time > pause.start { flowing = flowing - min(time - pause.start, pause.length) }
        return rate.volume(over: flowing)
    }

    func samples(every interval: TimeSpan = .seconds(30), until end: TimeSpan = .hours(2)) -> [VolumeSample] {
        (0...(end.nanoseconds / interval.nanoseconds)).map { k in VolumeSample(time: interval * k, delivered: delivered(at: interval * k)) }
    }
}
