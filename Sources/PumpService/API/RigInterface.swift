import PumpCore
import PumpProfile
import PumpStorage
import PumpWire
public import PumpSimulation
public import Varlink
public import VarlinkServer

/// io.pumpd.Rig: the simulated rig's truth, fault switches and (on the virtual clock) time. Served
/// only when the rig is simulated.
public final class RigInterface: VarlinkInterface {
    public let name = "io.pumpd.Rig"
    public let description = String(decoding: PackageResources.io_pumpd_Rig_varlink, as: UTF8.self)
    let service: PumpService
    let rig: SimulatedRig
    let virtual: VirtualRunner?

    public init(service: PumpService, rig: SimulatedRig, virtual: VirtualRunner?) {
        self.service = service
        self.rig = rig
        self.virtual = virtual
    }

    static let needs: [String: AccessRole] = [
        "GetTruth": .observer, "GetFaults": .observer, "GetClock": .observer, "SetFaults": .programmer, "AdvanceTime": .programmer,
        "StepWallClock": .programmer, "FillReservoir": .programmer,
    ]

    /// The most simulated time `AdvanceTime` runs between two checkpoints.
    public static let secondsPerCheckpoint: Int64 = 86_400

    /// What one `AdvanceTime` chunk can push unsaved on a motor of `maximumStepsPerSecond`: a
    /// restore after a kill inside one must count it (`StateKeeper.open`).
    public static func unsavedRun(maximumStepsPerSecond: Int64) -> StateKeeper.UnsavedRun {
        .init(span: .seconds(secondsPerCheckpoint), steps: max(maximumStepsPerSecond, 1) * secondsPerCheckpoint)
    }

    static func error(_ name: String, _ parameters: JSONObject = [:]) -> VarlinkError { VarlinkError("io.pumpd.Rig.\(name)", parameters: parameters) }

    public func handle(_ call: VarlinkCall, from peer: PeerCredentials, reply: VarlinkReplier) async throws(VarlinkError) {
        let method = call.methodName
        guard let needed = Self.needs[method] else { throw .methodNotFound(call.method) }
        let role = service.policy.role(uid: peer.uid, gid: peer.gid)
        guard let role, role >= needed else {
            throw Self.error("PermissionDenied", ["method": .string(method), "role": .string(role?.apiName ?? "none"), "needed": .string(needed.apiName)])
        }
        let input = call.input
        let actor = ChangeActor(uid: peer.uid, pid: peer.pid, role: role.apiName)
        switch method {
        case "GetTruth":
            try input.rejectUnknown(allowed: [])
            try await reply.send(["truth": truth()], continues: false)
        case "GetFaults":
            try input.rejectUnknown(allowed: [])
            try await reply.send(["faults": faults()], continues: false)
        case "SetFaults":
            try input.rejectUnknown(allowed: ["faults"])
            let changes = try input.required("faults", as: VarlinkParameters.self)
            try setFaults(changes)
            // The rig's own clock, not the loop's: a fault may just have hung the loop.
            let now = rig.model.clock.now()
            await service.audit(
                kind: .rigFaultsSet, summary: "rig faults set: \(JSONValue.object(changes.object))", detail: changes.object, actor: actor,
                at: now.wall)
            try await reply.send(["faults": faults()], continues: false)
        case "FillReservoir":
            try input.rejectUnknown(allowed: ["volume"])
            let volume = try input.required("volume", as: Int64.self)
            guard (0...1_000_000_000).contains(volume) else {
                throw Self.error("InvalidValue", ["field": .string("volume"), "value": .string("\(volume)"), "expected": .string("0…1000000000 nL")])
            }
            rig.refill(to: .nanolitres(volume))
            await service.audit(
                kind: .rigReservoirFilled, summary: "simulated reservoir filled to \(Volume.nanolitres(volume))",
                detail: ["volume": .integer(volume)], actor: actor, at: rig.model.clock.now().wall)
            try await reply.send(["truth": truth()], continues: false)
        case "GetClock":
            try input.rejectUnknown(allowed: [])
            let now = rig.model.clock.now()
            var clock: JSONObject = ["kind": .string(service.rig.clock), "scale": .integer(service.rig.timeScale), "time": .string(now.wall.description)]
            if virtual != nil { clock["monotonic"] = .integer(now.monotonic.nanoseconds) }
            try await reply.send(clock, continues: false)
        case "AdvanceTime":
            try input.rejectUnknown(allowed: ["seconds"])
            let seconds = try input.required("seconds", as: Int64.self)
            guard let virtual else { throw Self.error("NotVirtualClock", ["clock": .string(service.rig.clock)]) }
            guard (1...(400 * 86_400)).contains(seconds) else {
                throw Self.error("InvalidValue", ["field": .string("seconds"), "value": .string("\(seconds)"), "expected": .string("1…34560000 (400 days)")])
            }
            // Refused before it is recorded once pumpd is stopping; else recorded before it runs,
            // as asked. One that ends early gets a second record saying how far it went: from
            // here on a failed write, from the final checkpoint on pumpd's stop.
            guard !virtual.isStopped, let number = service.advances.begin(asked: seconds, actor: actor) else {
                throw Self.loopStopped(advanced: 0, of: seconds)
            }
            let recorded = await service.audit(
                kind: .rigTimeAdvanced, summary: "advancing simulated time by \(QuantityFormatter.duration(seconds: seconds))",
                detail: ["seconds": .integer(seconds)], actor: actor, at: virtual.clock.now().wall)
            if case .failed = recorded {
                service.advances.end(number)
                throw PumpErrors.storageFailed("the advance could not be recorded in the event log, so it was not made: the clock did not move")
            }
            let (advanced, failure) = await advance(virtual, by: seconds, number: number)
            if let failure {
                // Unless the final checkpoint took it first. Run to its end, its record holds: the
                // state is saved by the first write that succeeds (the storage alarm says so).
                if service.advances.end(number), advanced < seconds {
                    let (summary, detail) = AdvancesUnderWay.cutShortRecord(
                        .init(asked: seconds, advanced: advanced, actor: actor), cause: .failedWrite)
                    await service.auditOrKeep(kind: .rigTimeAdvanceCutShort, summary: summary, detail: detail, actor: actor, at: virtual.clock.now().wall)
                }
                throw failure
            }
            // Ended by pumpd's stop: left open for the final checkpoint to record.
            if advanced < seconds { throw Self.loopStopped(advanced: advanced, of: seconds) }
            service.advances.end(number)
            try await reply.send(["time": .string(virtual.clock.now().wall.description), "truth": truth()], continues: false)
        case "StepWallClock":
            try input.rejectUnknown(allowed: ["seconds"])
            let seconds = try input.required("seconds", as: Int64.self)
            guard let virtual else { throw Self.error("NotVirtualClock", ["clock": .string(service.rig.clock)]) }
            guard seconds != 0, abs(seconds) <= 400 * 86_400 else {
                throw Self.error("InvalidValue", ["field": .string("seconds"), "value": .string("\(seconds)"), "expected": .string("±1…34560000 (400 days), not 0")])
            }
            guard !virtual.isStopped, !service.advances.isClosed else { throw Self.loopStopped(advanced: 0, of: seconds) }
            let before = virtual.clock.now().wall
            virtual.clock.stepWallClock(by: .seconds(seconds))
            await service.audit(
                kind: .rigWallClockStepped, summary: "simulated wall clock stepped by \(QuantityFormatter.duration(seconds: seconds)) (was \(before))",
                detail: ["seconds": .integer(seconds)], actor: actor, at: virtual.clock.now().wall)
            // The loop notices the step at its next wake (wallClockJumped), as it would a real one.
            await virtual.perform { _, _ in }
            try await reply.send(["time": .string(virtual.clock.now().wall.description)], continues: false)
        default: throw .methodNotImplemented(call.method)
        }
    }

    /// Runs virtual time forward a day at most at a time, checkpointing after each and so before
    /// the reply (durable before acknowledged). The session closes each hour with its state as its
    /// clock crosses the hour's end (`HourClosing`), so the hourly history a save writes a day late
    /// is the same as hourly saves would write; a day stays well within what the session keeps
    /// unsaved (`DeliveryByHour.capacity`, `HourClosing.capacity`: 72 hours). Issue 13: a
    /// checkpoint (an fdatasync) every simulated hour capped the virtual clock near 12 days/s.
    /// A checkpoint that fails ends the advance: its error is the answer, as for any change.
    /// Returns the seconds advanced: fewer than asked when the loop stopped on the way (pumpd's
    /// stop), the chunks before it checkpointed. Each chunk is counted in `service.advances` as
    /// advance `number`.
    private func advance(_ virtual: VirtualRunner, by seconds: Int64, number: Int) async -> (advanced: Int64, failure: VarlinkError?) {
        var advanced: Int64 = 0
        let advances = service.advances
        // Until pumpd's stop closes the advances (before it closes the socket) or stops the loop.
        while advanced < seconds, !advances.isClosed {
            let chunk = min(seconds - advanced, Self.secondsPerCheckpoint)
            guard virtual.advance(by: .seconds(chunk), then: { advances.advanced(number, by: chunk) }) else { break }
            advanced += chunk
            if let failure = await service.persist(events: [], actor: nil) { return (advanced, failure) }
        }
        return (advanced, nil)
    }

    /// `AdvanceTime` ended or refused by pumpd's stop: how far the clock moved first, if at all.
    static func loopStopped(advanced: Int64, of seconds: Int64) -> VarlinkError {
        let moved = advanced == 0
            ? "the clock did not move"
            : "the clock moved \(QuantityFormatter.duration(seconds: advanced)) of the \(QuantityFormatter.duration(seconds: seconds)) asked"
        return error("LoopStopped", ["reason": .string("pumpd is shutting down: \(moved)"), "advanced": .integer(advanced)])
    }

    private func truth() -> JSONValue {
        let truth = rig.model.truth()
        var fields: JSONObject = [
            "time": .string(rig.model.clock.now().wall.description), "reservoirVolume": .integer(truth.reservoir.nanolitres),
            "deliveredAtTip": .integer(truth.deliveredToPatient.nanolitres), "pressure": .integer(truth.pressurePascals),
            "batteryMillivolts": .integer(truth.batteryMillivolts), "motorSteps": .integer(truth.stepsForward),
            "encoderPulses": .integer(truth.encoderPulses), "motorEnabled": .bool(truth.enabled),
            "stepsWhileDisabled": .integer(truth.stepsWhileDisabled),
            // Motion verification (issue 14, motion).
            "diagAsserted": .bool(truth.diagAsserted), "lostSteps": .integer(truth.lostSteps),
            "slippedSteps": .integer(truth.slippedSteps), "freeFlowed": .integer(truth.freeFlowedPicolitres / 1_000),
        ]
        if let last = truth.lastForwardStep { fields["lastStepAgo"] = .integer((rig.model.clock.now().monotonic - last).nanoseconds) }
        // Issue 14, alarm outputs.
        let outputs = rig.alarmOutputs.record
        fields["buzzerSounding"] = .bool(outputs.sounding)
        fields["buzzerEdges"] = .integer(outputs.buzzerEdges)
        fields["redLed"] = .bool(outputs.driven.red)
        fields["yellowLed"] = .bool(outputs.driven.yellow)
        return .object(fields)
    }

    private func faults() -> JSONValue {
        let state = rig.faults.current
        let now = rig.model.clock.now().monotonic
        return [
            "occlusion": .bool(state.isOccluded(at: now)), "stall": .bool(state.motorStall), "driverFault": .bool(state.driverFault),
            "motorHang": .bool(state.motorHang),
            "failingSensors": .array(state.readFailures.map(\.rawValue).sorted().map(JSONValue.string)),
            "stuckSensors": .array(state.stuckReadings.keys.map(\.rawValue).sorted().map(JSONValue.string)),
            "batterySag": .integer(state.batterySagMillivolts), "leakRate": .integer(state.reservoirLeakNanolitresPerHour),
            // Motion verification (issue 14, motion).
            "lostSteps": .integer(state.lostStepsPerMille), "couplingSlip": .integer(state.couplingSlipPerMille),
            "freeFlow": .integer(state.freeFlowNanolitresPerHour),
            "extraMotion": .integer(state.extraMotionPerMille),
            // Issue 14, alarm outputs.
            "deadBuzzer": .bool(state.deadBuzzer),
        ]
    }

    /// Checks every change before applying any, so a bad one changes nothing.
    private func setFaults(_ changes: VarlinkParameters) throws(VarlinkError) {
        try changes.rejectUnknown(allowed: Set(WireRigFault.names))
        func sensors(_ field: String) throws(VarlinkError) -> Set<SimulatedSensor>? {
            guard let names = try changes.optional(field, as: [String].self) else { return nil }
            var result = Set<SimulatedSensor>()
            for name in names {
                guard let sensor = SimulatedSensor(rawValue: name) else {
                    throw Self.error("InvalidValue", [
                        "field": .string("faults.\(field)"), "value": .string(name),
                        "expected": .string(SimulatedSensor.allCases.map(\.rawValue).joined(separator: ", ")),
                    ])
                }
                result.insert(sensor)
            }
            return result
        }
        func amount(_ fault: WireRigFault) throws(VarlinkError) -> Int64? {
            guard let value = try changes.optional(fault.rawValue, as: Int64.self), let range = fault.amountRange else { return nil }
            guard range.contains(value) else {
                throw Self.error("InvalidValue", [
                    "field": .string("faults.\(fault.rawValue)"), "value": .string("\(value)"), "expected": .string("\(range.lowerBound)…\(range.upperBound)"),
                ])
            }
            return value
        }
        let occlusion = try changes.optional("occlusion", as: Bool.self)
        let stall = try changes.optional("stall", as: Bool.self)
        let driverFault = try changes.optional("driverFault", as: Bool.self)
        let motorHang = try changes.optional("motorHang", as: Bool.self)
        let failing = try sensors("failingSensors")
        let stuck = try sensors("stuckSensors")
        let sag = try amount(.batterySag)
        let leak = try amount(.leakRate)
        let lostSteps = try amount(.lostSteps)
        let couplingSlip = try amount(.couplingSlip)
        let freeFlow = try amount(.freeFlow)
        let extraMotion = try amount(.extraMotion)
        let deadBuzzer = try changes.optional("deadBuzzer", as: Bool.self)
        let faults = rig.faults
        if let occlusion { occlusion ? faults.setOcclusion() : faults.clearOcclusion() }
        if let stall { stall ? faults.setMotorStall() : faults.clearMotorStall() }
        if let driverFault { driverFault ? faults.setDriverFault() : faults.clearDriverFault() }
        if let motorHang { motorHang ? faults.setMotorHang() : faults.clearMotorHang() }
        if let failing {
            for sensor in SimulatedSensor.allCases {
                failing.contains(sensor) ? faults.setSensorReadFailure(sensor) : faults.clearSensorReadFailure(sensor)
            }
        }
        if let stuck {
            for sensor in SimulatedSensor.allCases { stuck.contains(sensor) ? faults.setSensorStuck(sensor) : faults.clearSensorStuck(sensor) }
        }
        if let sag { sag > 0 ? faults.setBatterySag(millivolts: sag) : faults.clearBatterySag() }
        if let leak { leak > 0 ? faults.setReservoirLeak(nanolitresPerHour: leak) : faults.clearReservoirLeak() }
        if let lostSteps { faults.setLostSteps(perMille: lostSteps) }
        if let couplingSlip { faults.setCouplingSlip(perMille: couplingSlip) }
        if let freeFlow { faults.setFreeFlow(nanolitresPerHour: freeFlow) }
        if let extraMotion { faults.setExtraMotion(perMille: extraMotion) }
        if let deadBuzzer { deadBuzzer ? faults.setDeadBuzzer() : faults.clearDeadBuzzer() }
    }
}
