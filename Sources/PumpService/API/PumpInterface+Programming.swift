import Foundation
import PumpCore
import PumpProfile
import PumpStorage
import PumpWire
import Varlink
import VarlinkCodable
import VarlinkServer

extension PumpInterface {
    func getPrescription(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: [])
        let session = await service.runner.perform { session, _ in session }
        var result = JSONObject()
        if let active = session.prescription {
            result["active"] = WireCoding.encode(active)
            if let summary = session.summary(of: active) { result["activeSummary"] = WireCoding.encode(WireProgramSummary(summary)) }
        }
        if let stored = try? service.keeper.database.activePrescription() {
            result["committedAt"] = .string(CivilTime(unixNanoseconds: stored.committedAtWallNanoseconds, utcOffsetSeconds: session.clock.wall.utcOffsetSeconds).description)
        }
        if let previous = try? service.keeper.database.previousPrescription(),
            let decoded = try? JSONDecoder().decode(Prescription.self, from: Data(previous.document.utf8))
        {
            result["previous"] = WireCoding.encode(decoded)
        }
        try await reply.send(result, continues: false)
    }

    func validatePrescription(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["prescription"])
        let prescription = try input.decoded("prescription", as: Prescription.self)
        let review = await service.runner.perform { session, _ in (session.validate(prescription), ConfirmationTokens.StateFingerprint(session)) }
        let summaries: (old: ProgramSummary?, new: ProgramSummary)
        switch review.0 {
        case .failure(let refusal): throw PumpErrors.from(refusal)
        case .success(let reviewed): summaries = reviewed
        }
        let newRows = summaries.new.rows
        let oldRows = summaries.old?.rows ?? newRows.map { ($0.label, "—") }
        let comparison = zip(oldRows, newRows).map { old, new in
            WireComparisonRow(label: new.label, old: old.value, new: new.value, changed: old.value != new.value)
        }
        var result: JSONObject = [
            "new": WireCoding.encode(WireProgramSummary(summaries.new)), "comparison": WireCoding.encode(comparison),
            "token": .string(service.tokens.issue(for: prescription, state: review.1)),
            "expiresIn": .integer(ConfirmationTokens.lifetimeSeconds),
        ]
        if let old = summaries.old { result["old"] = WireCoding.encode(WireProgramSummary(old)) }
        try await reply.send(result, continues: false)
    }

    func commitPrescription(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["prescription", "token"])
        let prescription = try input.decoded("prescription", as: Prescription.self)
        let token = try input.required("token", as: String.self)
        let review: ConfirmationTokens.Review
        switch service.tokens.redeem(token, for: prescription) {
        case .failure(let problem): throw PumpErrors.staleToken(problem.reason)
        case .success(let found): review = found
        }
        let (summary, session) = try await change(
            by: caller,
            extra: { session, summary, transaction in
                let document = String(decoding: try JSONEncoder().encode(prescription), as: UTF8.self)
                let summaryText = String(decoding: try JSONEncoder().encode(WireProgramSummary(summary)), as: UTF8.self)
                _ = try transaction.commitPrescription(
                    document: document, summary: summaryText, confirmationToken: token,
                    committedAtWallNanoseconds: session.clock.wall.unixNanoseconds, actor: caller.actor)
            }
        ) { (session, now) throws(VarlinkError) -> ProgramSummary in
            guard ConfirmationTokens.StateFingerprint(session) == review.state else {
                throw PumpErrors.staleToken(ConfirmationTokens.TokenProblem.stateChanged.reason)
            }
            try Self.therapy { () throws(TherapyError) in try session.commit(prescription, at: now) }
            return session.summary(of: prescription)!
        }
        try await reply.send(
            ["summary": WireCoding.encode(WireProgramSummary(summary)), "status": status(of: session, for: caller)], continues: false)
    }
}
