import PumpStorage
import Varlink
import VarlinkServer

extension PumpInterface {
    /// io.pumpd.Pump.Reload: the profile read again through the one reload path SIGHUP takes
    /// (``ProfileReloader``). A requester named by the caller (`requestedBy`, `ambiguousRequesters`
    /// when several waited and none is named, or `fromSystemd` when none was found) is believed
    /// only from root: anyone else could name another user.
    func reload(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["requestedBy", "fromSystemd", "ambiguousRequesters"])
        let requester = try input.optional("requestedBy", as: VarlinkParameters.self).map { parameters throws(VarlinkError) in
            try ReloadRequester.decode(parameters)
        }
        let ambiguous = try input.optional("ambiguousRequesters", as: [VarlinkParameters].self).map { list throws(VarlinkError) in
            try list.map { parameters throws(VarlinkError) in try ReloadRequester.decode(parameters) }
        }
        if requester != nil, ambiguous != nil { throw .invalidParameter("ambiguousRequesters") }
        let fromSystemd = try input.optional("fromSystemd", default: false) || ambiguous != nil
        guard let reloader else { throw PumpErrors.reloadRefused("this pumpd has no profile file to reload", profile: "") }
        let relay = caller.actor
        if requester != nil || fromSystemd, relay.uid != 0 {
            let reason = "requestedBy and fromSystemd are accepted only from root (uid 0): any other caller is the requester itself"
            await service.auditRefusal(method: "Reload", reason: reason, actor: relay)
            throw PumpErrors.reloadRefused(reason, profile: reloader.path)
        }
        var actor = relay
        var detail: JSONObject = [:]
        if let requester {
            actor = requester.actor
            detail["requester"] = .string(requester.description)
            detail["requesterLoginUID"] = requester.loginUID.map { .integer(Int64($0)) } ?? .string("unset")
            detail["requesterCommand"] = .string(requester.command)
        } else if let ambiguous, !ambiguous.isEmpty {
            detail["requester"] = .string("ambiguous: " + ambiguous.map(\.candidate).joined(separator: ", "))
        } else if fromSystemd {
            detail["requester"] = "not identified"
        }
        if !detail.isEmpty { detail["relayedBy"] = .string("uid \(relay.uid) pid \(relay.pid) (\(relay.role))") }
        switch await reloader.reload(actor: actor, detail: detail) {
        case .refused(let reason): throw PumpErrors.reloadRefused(reason, profile: reloader.path)
        case .applied(let changes):
            let listed: [JSONValue] = changes.map { .object(["setting": .string($0.setting), "old": .string($0.old), "new": .string($0.new)]) }
            try await reply.send(
                [
                    "applied": .bool(!changes.isEmpty), "changes": .array(listed), "profile": .string(reloader.path),
                    "auditedAs": .object(["uid": .integer(Int64(actor.uid)), "pid": .integer(Int64(actor.pid)), "role": .string(actor.role)]),
                ], continues: false)
        }
    }
}
