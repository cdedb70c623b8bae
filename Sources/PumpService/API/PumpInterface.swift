import PumpControl
import PumpCore
import PumpProfile
import PumpProfile
import PumpStorage
import PumpWire
public import Varlink
import VarlinkCodable
public import VarlinkServer

/// io.pumpd.Pump: the programmer tools' interface. Checks the caller's role and the parameters
/// before anything reaches the therapy session; a refused call changes nothing.
public final class PumpInterface: VarlinkInterface {
    public let name = PumpErrors.interface
    public let description = String(decoding: PackageResources.io_pumpd_Pump_varlink, as: UTF8.self)
    let service: PumpService
    /// What Reload runs (the daemon's, shared with SIGHUP); nil: Reload is refused.
    let reloader: ProfileReloader?
    /// The GetStatus replies last built, one per role.
    let statusReplies = StatusReplyCache()
    /// Callers' roles as resolved on tasks, for `answerAtOnce`, which must not look users up.
    let roles = RoleCache()
    let wireRig: WireRig

    public init(service: PumpService, reloader: ProfileReloader? = nil) {
        self.service = service
        self.reloader = reloader
        wireRig = WireRig(name: service.rig.name, profile: service.rig.profilePath, simulated: service.rig.simulated, clock: service.rig.clock)
    }

    public func handle(_ call: VarlinkCall, from peer: PeerCredentials, reply: VarlinkReplier) async throws(VarlinkError) {
        let method = call.methodName
        let caller: Caller
        let policy = service.policy
        let role = roles.resolve(uid: peer.uid, gid: peer.gid, under: policy)
        switch admission(call, from: peer, policy: policy, role: role) {
        case .admitted(let admitted): caller = admitted
        case .refused(let error): throw error
        case .refusedAudited(let actor, let needed, let reason): throw await permissionDenied(method: method, to: actor, needs: needed, reason: reason)
        }
        let input = call.input
        switch method {
        case "GetStatus":
            try input.rejectUnknown(allowed: [])
            try await reply.send(["status": await statusReply(for: caller.role).status], continues: false)
        case "WatchEvents": try await watchEvents(call, caller: caller, reply: reply)
        case "GetPrescription": try await getPrescription(input, reply: reply)
        case "ValidatePrescription": try await validatePrescription(input, reply: reply)
        case "CommitPrescription": try await commitPrescription(input, caller: caller, reply: reply)
        case "Stop", "Resume": try await stopOrResume(method, input, caller: caller, reply: reply)
        case "ValidateRefill": try await validateRefill(input, reply: reply)
        case "CommitRefill": try await commitRefill(input, caller: caller, reply: reply)
        case "ValidateFirstFill": try await validateFirstFill(input, reply: reply)
        case "CommitFirstFill": try await commitFirstFill(input, caller: caller, reply: reply)
        case "Bolus": try await bolus(call, caller: caller, reply: reply)
        case "EndBolus": try await endBolus(input, caller: caller, reply: reply)
        case "Prime": try await prime(call, caller: caller, reply: reply)
        case "Calibrate": try await calibrate(input, caller: caller, reply: reply)
        case "StartCalibrationRun": try await startCalibrationRun(call, caller: caller, reply: reply)
        case "CommitCalibrationRun": try await commitCalibrationRun(input, caller: caller, reply: reply)
        case "GetAlarms": try await getAlarms(input, reply: reply)
        case "AcknowledgeAlarm": try await acknowledgeAlarm(input, caller: caller, reply: reply)
        case "GetHistory": try await getHistory(input, reply: reply)
        case "Reload": try await reload(input, caller: caller, reply: reply)
        // Issue 14, alarm outputs.
        case "SilenceAlarms": try await silenceAlarms(input, caller: caller, reply: reply)
        case "TestAlarms": try await testAlarms(input, caller: caller, reply: reply)
        default: throw .methodNotImplemented(call.method)
        }
    }

    /// Answers GetStatus on the connection's event loop, from the session the loop last published
    /// (its reply encoded once per publication and role): no task, no hop onto the loop's thread.
    /// Anything that would wait (a caller whose role needs a user-database lookup, the session
    /// withdrawn for a wake under way, today's history to read, a refusal to audit) goes to
    /// `handle` instead.
    public func answerAtOnce(_ call: VarlinkCall, from peer: PeerCredentials) -> VarlinkImmediateAnswer? {
        guard call.methodName == "GetStatus" else { return nil }
        let policy = service.policy
        guard let role = roles.role(uid: peer.uid, gid: peer.gid, under: policy) else { return nil }
        switch admission(call, from: peer, policy: policy, role: role) {
        case .admitted(let caller):
            do throws(VarlinkError) { try call.input.rejectUnknown(allowed: []) } catch { return .error(error) }
            return builtStatusReply(for: caller.role).map { VarlinkImmediateAnswer.encoded($0.reply) }
        case .refused(let error): return .error(error)
        case .refusedAudited: return nil
        }
    }

    struct Caller {
        var actor: ChangeActor
        var role: AccessRole
    }

    enum Admission {
        case admitted(Caller)
        /// Refused without an audit record (unknown methods, reads).
        case refused(VarlinkError)
        /// A refused change: audited (`permissionDenied`), then thrown.
        case refusedAudited(ChangeActor, needs: AccessRole, reason: String?)
    }

    /// Whether a caller with `role` (resolved under `policy`) may call the method. One policy for
    /// both: a reload between the two reads must not mix two profiles' grants.
    func admission(_ call: VarlinkCall, from peer: PeerCredentials, policy: AccessPolicy, role: AccessRole?) -> Admission {
        let method = call.methodName
        guard let needed = PumpMethodAccess.needed(for: method, under: policy.access) else { return .refused(.methodNotFound(call.method)) }
        guard let role, role >= needed else {
            let reason = PumpMethodAccess.grantNote(for: method, under: policy.access)
            // Refused reads are not audited: an observer (or anyone) could flood the log with them.
            guard needed > .observer else {
                return .refused(PumpErrors.permissionDenied(method: method, role: role?.apiName ?? "none", needed: needed.apiName, reason: reason))
            }
            return .refusedAudited(ChangeActor(uid: peer.uid, pid: peer.pid, role: role?.apiName ?? "none"), needs: needed, reason: reason)
        }
        return .admitted(Caller(actor: ChangeActor(uid: peer.uid, pid: peer.pid, role: role.apiName), role: role))
    }

    // MARK: - Shared steps

    /// A change refused for the caller's role: audited (`PumpService.auditRefusal`), then thrown.
    func permissionDenied(method: String, to actor: ChangeActor, needs needed: AccessRole, reason: String? = nil) async -> VarlinkError {
        let why = "permission denied: needs role \(needed.apiName)" + (reason.map { "; \($0)" } ?? "")
        await service.auditRefusal(method: method, reason: why, actor: actor)
        return PumpErrors.permissionDenied(method: method, role: actor.role, needed: needed.apiName, reason: reason)
    }


    /// Runs `change` on the loop; on success makes the new state and its events durable as done by
    /// `caller`, then returns the change's result and the session after it. A refusal changes
    /// nothing and is thrown as its typed API error; once the loop has stopped, `LoopStopped`.
    func change<Result: Sendable>(
        by caller: Caller, extra: @escaping @Sendable (TherapySession, Result, borrowing StorageTransaction) throws -> Void = { _, _, _ in },
        _ body: @escaping @Sendable (inout TherapySession, ClockReading) throws(VarlinkError) -> Result
    ) async throws(VarlinkError) -> (Result, TherapySession) {
        let service = service
        let outcome = await service.runner.performChange { session, now -> (Swift.Result<Result, VarlinkError>, [TherapyEvent], PumpService.SessionCopy) in
            do throws(VarlinkError) {
                let result = try body(&session, now)
                return (.success(result), session.takeEvents(), service.copyForSaving(session))
            } catch {
                return (.failure(error), session.takeEvents(), service.copyForSaving(session))
            }
        }
        guard let outcome else { throw PumpErrors.loopStopped }
        return try await settle(outcome, by: caller, extra: extra)
    }

    /// A loop change's outcome made durable (success) or its events handed on (refusal), as `change` does.
    func settle<Result: Sendable>(
        _ outcome: (Swift.Result<Result, VarlinkError>, [TherapyEvent], PumpService.SessionCopy), by caller: Caller,
        extra: @escaping @Sendable (TherapySession, Result, borrowing StorageTransaction) throws -> Void = { _, _, _ in }
    ) async throws(VarlinkError) -> (Result, TherapySession) {
        let (result, events, copy) = outcome
        let session = copy.session
        switch result {
        case .success(let value):
            // An alarm test the change cut short (a silence, a new alarm) is its starter's, not this
            // caller's: it goes the loop events' way, after the change.
            let isAlarmTest = { (event: TherapyEvent) -> Bool in if case .alarmTest = event.kind { true } else { false } }
            let own = events.filter { !isAlarmTest($0) }
            if let failure = await service.commit(copy, events: own, actor: caller.actor, extra: { try extra(session, value, $0) }) {
                throw failure
            }
            if own.count != events.count { await service.persistLoopEvents(events.filter(isAlarmTest)) }
            return (value, session)
        case .failure(let error):
            if !events.isEmpty { service.loopProduced(events) }
            throw error
        }
    }

    /// A therapy-core call inside `change`, its refusal mapped to the API error.
    static func therapy<T>(_ body: () throws(TherapyError) -> T) throws(VarlinkError) -> T {
        do { return try body() } catch { throw PumpErrors.from(error) }
    }
}
