#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
        let session = await publishedSession()
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
        let session = await publishedSession()
        let outcome = (session.validate(prescription), ConfirmationTokens.StateFingerprint(session))
        let review: ProgramReview
        switch outcome.0 {
        case .failure(let refusal): throw PumpErrors.from(refusal, parameter: "prescription")
        case .success(let reviewed): review = reviewed
        }
        var result: JSONObject = [
            "new": WireCoding.encode(WireProgramSummary(review.new)),
            "comparison": WireCoding.encode(review.rows.map(WireComparisonRow.init)),
            "warnings": WireCoding.encode(review.warnings.map { WireWarning($0, under: "prescription") }),
            "token": .string(service.tokens.issue(for: .prescription(prescription), state: outcome.1, warnings: review.warnings)),
            "expiresIn": .integer(ConfirmationTokens.lifetimeSeconds),
        ]
        if let old = review.old { result["old"] = WireCoding.encode(WireProgramSummary(old)) }
        try await reply.send(result, continues: false)
    }

    func commitPrescription(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["prescription", "token", "acceptWarnings", "overrideReason"])
        let prescription = try input.decoded("prescription", as: Prescription.self)
        let token = try input.required("token", as: String.self)
        let acceptance = try Self.acceptance(input)
        let review: ConfirmationTokens.Review
        switch service.tokens.redeem(token, for: .prescription(prescription), checking: { Self.refusal(of: acceptance, by: $0, parameter: "prescription") }) {
        case .failure(.token(let problem)): throw PumpErrors.staleToken(problem.reason)
        case .failure(.refused(let refusal)): throw refusal
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
            do throws(TherapyError) {
                try session.commit(prescription, accepting: acceptance.accepted, at: now)
            } catch {
                throw PumpErrors.from(error, parameter: "prescription")
            }
            return session.summary(of: prescription)!
        }
        try await reply.send(
            ["summary": WireCoding.encode(WireProgramSummary(summary)), "status": await status(of: session, for: caller)], continues: false)
    }

    /// The warning codes a commit accepts (`acceptWarnings`, each a known code) and its
    /// `overrideReason`, with where each code was sent, for errors naming `acceptWarnings[i]`.
    static func acceptance(_ input: VarlinkParameters) throws(VarlinkError) -> (accepted: WarningAcceptance, sent: [ProgrammingWarning.Code]) {
        let names = try input.optional("acceptWarnings", as: [String].self) ?? []
        var codes: [ProgrammingWarning.Code] = []
        for (index, name) in names.enumerated() {
            guard let code = ProgrammingWarning.Code(rawValue: name) else {
                let known = ProgrammingWarning.Code.allCases.map(\.rawValue)
                let hint = ClosestMatch.didYouMean(name, among: known).map { " (\($0))" } ?? ""
                throw PumpErrors.invalidValue(
                    field: "acceptWarnings[\(index)]", value: name, expected: "a warning code: \(known.joined(separator: ", "))\(hint)")
            }
            codes.append(code)
        }
        let reason = try input.optional("overrideReason", as: String.self)
        if let reason { try checkOverrideReason(reason) }
        return (WarningAcceptance(codes: Set(codes), reason: reason), codes)
    }

    /// The longest override reason accepted, in characters.
    static let overrideReasonMaximumLength = 500

    /// An override reason is one line of text for the audit: a newline or other control character
    /// would forge lines (or terminal escapes) in the event log and the journal.
    static func checkOverrideReason(_ reason: String) throws(VarlinkError) {
        if reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PumpErrors.invalidValue(
                field: "overrideReason", value: "contains a control character",
                expected: "one line of text without control characters (newlines, tabs, escapes)")
        }
        if reason.count > overrideReasonMaximumLength {
            throw PumpErrors.invalidValue(
                field: "overrideReason", value: "\(reason.count) characters", expected: "at most \(overrideReasonMaximumLength) characters")
        }
    }

    /// Why a commit accepting `acceptance` may not go ahead on `review`: a code the review did not
    /// raise (InvalidValue on `acceptWarnings[i]`), a warning left unaccepted, or a soft limit
    /// overridden without a reason; nil when it may.
    static func refusal(
        of acceptance: (accepted: WarningAcceptance, sent: [ProgrammingWarning.Code]), by review: ConfirmationTokens.Review,
        parameter: String?
    ) -> VarlinkError? {
        let raised = Set(review.warnings.map(\.code))
        if let index = acceptance.sent.firstIndex(where: { !raised.contains($0) }) {
            let expected = raised.isEmpty
                ? "nothing to accept: the review raised no warning"
                : "a code the review raised: " + raised.map(\.rawValue).sorted().joined(separator: ", ")
            return PumpErrors.invalidValue(field: "acceptWarnings[\(index)]", value: acceptance.sent[index].rawValue, expected: expected)
        }
        return acceptance.accepted.refusal(of: review.warnings).map { PumpErrors.from($0, parameter: parameter) }
    }
}
