import PumpCore
import PumpProfile
import PumpStorage
import PumpWire
import Varlink
import VarlinkCodable
import VarlinkServer

extension PumpInterface {
    func stopOrResume(_ method: String, _ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: [])
        let (_, session) = try await change(by: caller) { (session, now) throws(VarlinkError) in
            if method == "Stop" {
                session.stop(at: now)
            } else {
                try Self.therapy { () throws(TherapyError) in try session.resume(at: now) }
            }
        }
        try await reply.send(["status": await status(of: session, for: caller)], continues: false)
    }

    func bolus(_ call: VarlinkCall, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        let input = call.input
        try input.rejectUnknown(allowed: ["kind", "dose", "duration"])
        let kind = try input.required("kind", as: String.self)
        let request: BolusRequest
        switch kind {
        case "single":
            guard caller.role >= .programmer else {
                throw await permissionDenied(method: "Bolus(single)", to: caller.actor, needs: .programmer)
            }
            let dose = try input.required("dose", as: Int64.self)
            let duration = try input.required("duration", as: Int64.self)
            guard (1...86_400).contains(duration) else {
                throw PumpErrors.invalidValue(field: "duration", value: "\(duration)", expected: "1…86400 s")
            }
            request = .single(dose: DrugMass(nanograms: dose), duration: .seconds(duration))
        case "patient":
            for field in ["dose", "duration"] where input[field] != nil {
                throw PumpErrors.invalidValue(field: field, value: "present", expected: "omitted: the program's patient bolus policy sets it")
            }
            request = .patient
        default: throw PumpErrors.invalidValue(field: "kind", value: kind, expected: "single or patient")
        }
        do {
            _ = try await change(by: caller) { (session, now) throws(VarlinkError) in
                try Self.therapy { () throws(TherapyError) in try session.requestBolus(request, at: now) }
            }
        } catch {
            // A denial (lockout, limits, alarms…) is audited; a storage failure is not a denial.
            if error.name != PumpErrors.storageFailed("").name {
                let reason = String(error.description.dropFirst(PumpErrors.interface.count + 1))
                await service.auditRefusal(method: "Bolus (\(kind))", reason: reason, actor: caller.actor)
            }
            throw error
        }
        try await followTask(kind: kind == "single" ? .singleBolus : .patientBolus, more: call.more, reply: reply)
    }

    /// Ends the running on-demand bolus; the basal carries on. A clinician ends any; an operator
    /// only a patient bolus (a clinician's single bolus is the clinician's to end). Replies with the
    /// bolus as it ended and the status after it.
    func endBolus(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: [])
        let isClinician = caller.role >= .programmer
        let outcome: ((VolumeTask, Volume), TherapySession)
        do throws(VarlinkError) {
            outcome = try await change(by: caller) { (session, now) throws(VarlinkError) -> (VolumeTask, Volume) in
                if !isClinician, let running = session.planner.onDemandBolus, running.kind != .patientBolus {
                    throw PumpErrors.permissionDenied(
                        method: "EndBolus", role: caller.role.apiName, needed: AccessRole.programmer.apiName,
                        reason: "an operator may end a patient bolus only; this is a \(running.kind.rawValue)")
                }
                let ended = try Self.therapy { () throws(TherapyError) in try session.endBolus(isClinician ? nil : .patientBolus, at: now) }
                return (ended, session.planner.lastEnded[ended.kind]?.moved ?? .zero)
            }
        } catch {
            if error.name == PumpErrors.permissionDenied(method: "", role: "", needed: "").name {
                await service.auditRefusal(method: "EndBolus", reason: error.description, actor: caller.actor)
            }
            throw error
        }
        let ((ended, moved), session) = outcome
        let concentration = session.doseConcentration(of: ended)
        let task = WireTask(
            kind: ended.kind.rawValue, planned: ended.volume.nanolitres, delivered: moved.nanolitres,
            dose: concentration.mass(in: ended.volume).nanograms, doseDelivered: concentration.mass(in: moved).nanograms)
        try await reply.send(["task": WireCoding.encode(task), "status": await status(of: session, for: caller)], continues: false)
    }

    func prime(_ call: VarlinkCall, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        let input = call.input
        try input.rejectUnknown(allowed: ["volume", "newPath"])
        let volume = try input.optional("volume", as: Int64.self).map(Volume.init(nanolitres:))
        let newPath = try input.required("newPath", as: Bool.self)
        _ = try await change(by: caller) { (session, now) throws(VarlinkError) in
            try Self.therapy { () throws(TherapyError) in try session.prime(volume: volume, newPath: newPath, at: now) }
        }
        try await followTask(kind: .priming, more: call.more, reply: reply)
    }

    /// Replies with the task's progress: once, or (with `more`) every half second until it ends.
    private func followTask(kind: VolumeTask.Kind, more: Bool, reply: VarlinkReplier) async throws(VarlinkError) {
        var last = WireTask(kind: kind.rawValue, planned: 0, delivered: 0)
        var sizedAt: Concentration?  // the concentration the running task's dose is counted at
        while true {
            let session = await publishedSession()
            let running = [session.planner.priming, session.planner.onDemandBolus].compactMap { $0 }.first { $0.kind == kind }
            let (task, ended, concentration) = (
                running.map { WireTask($0, of: session.planner, concentration: session.doseConcentration(of: $0)) },
                session.planner.lastEnded[kind], running.map { session.doseConcentration(of: $0) }
            )
            if let task { last = task }
            if let concentration { sizedAt = concentration }
            let finished = task == nil
            // Once ended, what the motor moved for it (never the target), and whether it completed.
            if finished, let ended {
                last.delivered = ended.moved.nanolitres
                if last.dose != nil, let sizedAt { last.doseDelivered = sizedAt.mass(in: ended.moved).nanograms }
            }
            if finished { last.remaining = nil }
            let wire = last
            let done = finished || !more
            var parameters: JSONObject = ["task": WireCoding.encode(wire), "finished": .bool(finished)]
            if finished, let ended { parameters["completed"] = .bool(ended.completed) }
            do { try await reply.send(parameters, continues: !done) } catch { return }
            if done { return }
            do { try await Task.sleep(nanoseconds: 500_000_000) } catch { return }
        }
    }

    func calibrate(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["stepVolume", "measuredVolume", "steps"])
        let stepVolume: Int64
        if let direct = try input.optional("stepVolume", as: Int64.self) {
            guard input["measuredVolume"] == nil, input["steps"] == nil else {
                throw PumpErrors.invalidValue(field: "stepVolume", value: "\(direct)", expected: "either stepVolume or measuredVolume with steps")
            }
            stepVolume = direct
        } else {
            let measured = try input.required("measuredVolume", as: Int64.self)
            let steps = try input.required("steps", as: Int64.self)
            guard (1...10_000_000).contains(steps) else {
                throw PumpErrors.invalidValue(field: "steps", value: "\(steps)", expected: "1…10000000")
            }
            guard (1...Int64.max / 1_000).contains(measured) else {
                throw PumpErrors.invalidValue(field: "measuredVolume", value: "\(measured)", expected: "> 0 nL")
            }
            // In 128 bits: measured × 1000 may already be within steps / 2 of Int64.max. The
            // quotient fits (at most measured × 1000 for one step).
            stepVolume = Int64((Int128(measured) * 1_000 + Int128(steps / 2)) / Int128(steps))
        }
        guard stepVolume > 0 else { throw PumpErrors.invalidValue(field: "stepVolume", value: "\(stepVolume)", expected: "> 0 pL") }
        let (old, _) = try await change(
            by: caller,
            extra: { session, old, transaction in
                _ = try transaction.recordCalibration(
                    atWallNanoseconds: session.clock.wall.unixNanoseconds, stepVolumePicolitres: stepVolume,
                    previousStepVolumePicolitres: old, actor: caller.actor)
            }
        ) { (session, now) throws(VarlinkError) -> Int64 in
            let old = session.rig.stepVolume.picolitres
            try Self.therapy { () throws(TherapyError) in try session.calibrate(stepVolume: StepVolume(picolitres: stepVolume), at: now) }
            return old
        }
        try await reply.send(["old": .integer(old), "new": .integer(stepVolume)], continues: false)
    }
}
