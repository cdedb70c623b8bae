import PumpCore
import PumpStorage
import PumpWire
import Varlink
import VarlinkCodable
import VarlinkServer

extension PumpInterface {
    /// StartCalibrationRun(steps, rate?): a clinician drives `steps` steps at `rate` (pL/day; the
    /// profile's `[calibration]` default when absent) on a stopped pump. Replies with the run's
    /// progress: once, or (with `more`) every half second until it ends.
    func startCalibrationRun(_ call: VarlinkCall, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        let input = call.input
        try input.rejectUnknown(allowed: ["steps", "rate"])
        let steps = try input.required("steps", as: Int64.self)
        let rate = try input.optional("rate", as: Int64.self)
        if let rate, rate <= 0 { throw PumpErrors.invalidValue(field: "rate", value: "\(rate)", expected: "> 0 pL/day") }
        _ = try await change(by: caller) { (session, now) throws(VarlinkError) in
            try Self.therapy { () throws(TherapyError) in
                try session.startCalibrationRun(
                    steps: steps, rate: rate.map(VolumeRate.init(picolitresPerDay:)), by: caller.actor.uid, at: now)
            }
        }
        while true {
            let run = await publishedSession().calibrationRun
            let finished = run.map { $0.state != .running } ?? true
            let done = finished || !call.more
            do { try await reply.send(Self.progress(of: run, finished: finished), continues: !done) } catch { return }
            if done { return }
            do { try await Task.sleep(nanoseconds: 500_000_000) } catch { return }
        }
    }

    /// The reply parameters for a calibration run's progress (`run` nil: committed or lost).
    static func progress(of run: CalibrationRun?, finished: Bool) -> JSONObject {
        guard let run else { return ["task": WireCoding.encode(WireTask(kind: "calibrationRun", planned: 0, delivered: 0)), "steps": 0, "made": 0, "finished": true] }
        let step = run.stepVolume.picolitres
        var remaining: Int64?
        if !finished, run.rate.picolitresPerDay > 0 {
            remaining = WideArithmetic.multiplyDivideRoundingUp((run.steps - run.made) * step, 86_400, run.rate.picolitresPerDay)
        }
        let task = WireTask(kind: "calibrationRun", planned: run.steps * step / 1_000, delivered: run.made * step / 1_000, remaining: remaining)
        var parameters: JSONObject = [
            "task": WireCoding.encode(task), "steps": .integer(run.steps), "made": .integer(run.made), "finished": .bool(finished),
        ]
        if finished { parameters["completed"] = .bool(run.state == .finished) }
        return parameters
    }

    /// CommitCalibrationRun(mass, density?): the weighed mass (µg) of what the finished run pushed
    /// and the fluid's density (µg/mL; default 998 200, water at 20 °C) give the step volume,
    /// validated ×½…×2 of the profile's and recorded durably with the calibration history. Only
    /// the caller (uid) who started the run, within an hour of its end (`CalibrationRun.commitWindow`).
    func commitCalibrationRun(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["mass", "density"])
        let mass = try input.required("mass", as: Int64.self)
        let density = try input.optional("density", as: Int64.self) ?? Self.waterDensity
        guard (1...Int64.max / 1_000_000).contains(mass) else {
            throw PumpErrors.invalidValue(field: "mass", value: "\(mass)", expected: "> 0 µg")
        }
        guard (1...100_000_000).contains(density) else {
            throw PumpErrors.invalidValue(field: "density", value: "\(density)", expected: "1…100000000 µg/mL (water at 20 °C: 998200)")
        }
        let (result, _) = try await change(
            by: caller,
            extra: { session, result, transaction in
                _ = try transaction.recordCalibration(
                    atWallNanoseconds: session.clock.wall.unixNanoseconds, stepVolumePicolitres: result.new,
                    previousStepVolumePicolitres: result.old, actor: caller.actor)
            }
        ) { (session, now) throws(VarlinkError) -> (old: Int64, new: Int64, measurement: CalibrationRunMeasurement) in
            let old = session.rig.stepVolume.picolitres
            let measurement = try Self.therapy { () throws(TherapyError) in
                try session.commitCalibrationRun(
                    massMicrograms: mass, densityMicrogramsPerMillilitre: density, by: caller.actor.uid, at: now)
            }
            return (old, session.rig.stepVolume.picolitres, measurement)
        }
        try await reply.send(
            ["old": .integer(result.old), "new": .integer(result.new), "steps": .integer(result.measurement.steps),
             "volume": .integer(result.measurement.volume.nanolitres)],
            continues: false)
    }

    /// Density of water at 20 °C, µg/mL: CommitCalibrationRun's default.
    static let waterDensity: Int64 = 998_200
}
