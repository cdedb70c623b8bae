import Foundation
import PumpCore
import PumpStorage
import PumpWire
import Varlink
import VarlinkCodable
import VarlinkServer

/// Refills and first fills: validate → review → commit with a token, like programs.
extension PumpInterface {
    func validateRefill(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["refill"])
        let request = try input.decoded("refill", as: WireRefill.self).request
        let (review, state) = await service.runner.perform { session, _ in (session.reviewRefill(request), ConfirmationTokens.StateFingerprint(session)) }
        try await replyReview(review, token: { service.tokens.issue(for: .refill(request), state: state) }, reply: reply)
    }

    func validateFirstFill(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["fill"])
        let request = try input.decoded("fill", as: WireFirstFill.self).request
        let recorded = fillRecorded  // read here, never on the loop
        let (review, state) = await service.runner.perform { session, _ in
            (session.reviewFirstFill(request), ConfirmationTokens.StateFingerprint(session))
        }
        try await replyReview(
            recorded ? .failure(Self.alreadyFilled) : review, token: { service.tokens.issue(for: .firstFill(request), state: state) }, reply: reply)
    }

    func commitRefill(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["refill", "token", "acceptWarnings", "overrideReason"])
        let request = try input.decoded("refill", as: WireRefill.self).request
        let token = try input.required("token", as: String.self)
        let (accept, reason) = try acceptance(input)
        // The warnings are judged before the token is spent: an acceptance that falls short can be
        // corrected without validating again.
        let review = await service.runner.perform { session, _ in session.reviewRefill(request) }
        _ = try Self.accepted(review, accept, reason)
        let reviewed = try redeem(token, for: .refill(request))
        let ((outcome, committed), session) = try await change(
            by: caller,
            extra: { session, result, transaction in
                let (outcome, committed) = result
                try Self.recordFill(outcome, in: transaction, at: session, by: caller)
                if let program = committed.newProgram, let summary = committed.newSummary {
                    let document = String(decoding: try JSONEncoder().encode(program), as: UTF8.self)
                    let summaryText = String(decoding: try JSONEncoder().encode(WireProgramSummary(summary)), as: UTF8.self)
                    _ = try transaction.commitPrescription(
                        document: document, summary: summaryText, confirmationToken: token,
                        committedAtWallNanoseconds: session.clock.wall.unixNanoseconds, actor: caller.actor)
                }
            }
        ) { (session, now) throws(VarlinkError) -> (RefillOutcome, FillReview) in
            guard ConfirmationTokens.StateFingerprint(session) == reviewed.state else {
                throw PumpErrors.staleToken(ConfirmationTokens.TokenProblem.stateChanged.reason)
            }
            let codes = try Self.accepted(session.reviewRefill(request), accept, reason)
            return try Self.therapy { () throws(TherapyError) in
                try session.refill(request, accepted: codes, overrideReason: reason, at: now)
            }
        }
        var result = WireCoding.encode(WireRefillResult(outcome, reservoir: WireReservoir(session)))
        if let program = committed.newProgram, case .object(var object) = result {
            object["newProgram"] = WireCoding.encode(program)
            result = .object(object)
        }
        try await reply.send(["result": result, "status": status(of: session, for: caller)], continues: false)
    }

    func commitFirstFill(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["fill", "token", "acceptWarnings", "overrideReason"])
        let request = try input.decoded("fill", as: WireFirstFill.self).request
        let token = try input.required("token", as: String.self)
        let (accept, reason) = try acceptance(input)
        let review = await service.runner.perform { session, _ in session.reviewFirstFill(request) }
        _ = try Self.accepted(review, accept, reason)
        let reviewed = try redeem(token, for: .firstFill(request))
        let recorded = fillRecorded
        let (_, session) = try await change(
            by: caller,
            extra: { session, _, transaction in
                _ = try transaction.recordFill(
                    filledAtWallNanoseconds: session.clock.wall.unixNanoseconds, volumeNanolitres: request.volume.nanolitres,
                    drugName: request.drug.name, concentrationMicrogramsPerMillilitre: request.drug.concentration.microgramsPerMillilitre,
                    withdrawnNanolitres: nil, expectedRemainingNanolitres: nil, discrepancyNanolitres: nil, actor: caller.actor)
            }
        ) { (session, now) throws(VarlinkError) in
            guard ConfirmationTokens.StateFingerprint(session) == reviewed.state else {
                throw PumpErrors.staleToken(ConfirmationTokens.TokenProblem.stateChanged.reason)
            }
            if recorded { throw PumpErrors.from(Self.alreadyFilled) }
            _ = try Self.accepted(session.reviewFirstFill(request), accept, reason)
            _ = try Self.therapy { () throws(TherapyError) in try session.commitFirstFill(request, at: now) }
        }
        try await reply.send(["reservoir": WireCoding.encode(WireReservoir(session)), "status": status(of: session, for: caller)], continues: false)
    }

    // MARK: - Shared steps

    /// A fill is recorded in the state database: the pump was filled (commissioned or refilled).
    private var fillRecorded: Bool { ((try? service.keeper.database.fills(limit: 1)) ?? []).isEmpty == false }

    private static let alreadyFilled = TherapyError.invalidRefill([
        LimitViolation(.alreadyFilled, field: "fill", actual: "a fill is recorded", limit: "a pump never filled (refill this one: ValidateRefill)")
    ])

    /// The review's reply: rows, warnings, bridge, new program, and a token for exactly this request.
    private func replyReview(
        _ outcome: Result<FillReview, TherapyError>, token: () -> String, reply: VarlinkReplier
    ) async throws(VarlinkError) {
        let review: FillReview
        switch outcome {
        case .failure(let refusal): throw PumpErrors.from(refusal)
        case .success(let reviewed): review = reviewed
        }
        var result: JSONObject = [
            "comparison": WireCoding.encode(review.rows.map { WireComparisonRow(label: $0.label, old: $0.old, new: $0.new, changed: $0.changed) }),
            "warnings": WireCoding.encode(review.warnings.map(WireWarning.init)),
            "token": .string(token()), "expiresIn": .integer(ConfirmationTokens.lifetimeSeconds),
        ]
        if let bridge = review.bridge { result["bridge"] = WireCoding.encode(WireBridge(bridge)) }
        if let program = review.newProgram { result["newProgram"] = WireCoding.encode(program) }
        try await reply.send(result, continues: false)
    }

    /// acceptWarnings and overrideReason as sent.
    private func acceptance(_ input: VarlinkParameters) throws(VarlinkError) -> ([String], String?) {
        let accept = try input.optional("acceptWarnings", as: [String].self) ?? []
        let reason = try input.optional("overrideReason", as: String.self)
        return (accept, reason)
    }

    /// The accepted codes of a review that passed, or the refusal as its API error.
    private static func accepted(
        _ review: Result<FillReview, TherapyError>, _ accept: [String], _ reason: String?
    ) throws(VarlinkError) -> [ProgrammingWarning.Code] {
        let warnings: [ProgrammingWarning]
        switch review {
        case .failure(let refusal): throw PumpErrors.from(refusal)
        case .success(let reviewed): warnings = reviewed.warnings
        }
        switch WarningAcceptance.check(warnings, accepted: accept, overrideReason: reason) {
        case .failure(let refusal): throw PumpErrors.from(refusal, review: warnings)
        case .success(let codes): return codes
        }
    }

    private func redeem(_ token: String, for request: ConfirmationTokens.ReviewedRequest) throws(VarlinkError) -> ConfirmationTokens.Review {
        switch service.tokens.redeem(token, for: request) {
        case .failure(let problem): throw PumpErrors.staleToken(problem.reason)
        case .success(let found): return found
        }
    }

    private static func recordFill(_ outcome: RefillOutcome, in transaction: borrowing StorageTransaction, at session: TherapySession, by caller: Caller) throws {
        _ = try transaction.recordFill(
            filledAtWallNanoseconds: session.clock.wall.unixNanoseconds, volumeNanolitres: outcome.newFill.volume.nanolitres,
            drugName: outcome.newFill.drug.name, concentrationMicrogramsPerMillilitre: outcome.newFill.drug.concentration.microgramsPerMillilitre,
            withdrawnNanolitres: outcome.withdrawn.nanolitres, expectedRemainingNanolitres: outcome.expectedRemaining.nanolitres,
            discrepancyNanolitres: outcome.discrepancy.nanolitres, actor: caller.actor)
    }
}

extension WireRefillResult {
    init(_ outcome: RefillOutcome, reservoir: WireReservoir) {
        self.init(
            expectedRemaining: outcome.expectedRemaining.nanolitres, withdrawn: outcome.withdrawn.nanolitres,
            discrepancy: outcome.discrepancy.nanolitres, tolerance: outcome.tolerance.nanolitres,
            discrepancyExceedsTolerance: outcome.discrepancyExceedsTolerance, bridging: outcome.bridging, reservoir: reservoir)
    }
}
