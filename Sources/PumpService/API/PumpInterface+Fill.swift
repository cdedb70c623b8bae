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
        let commit = try await prepareCommit(input, of: .refill(request)) { $0.reviewRefill(request) }
        let token = commit.token
        let ((outcome, _), session) = try await change(
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
            let codes = try commit.stillHolds(in: session, review: session.reviewRefill(request))
            return try Self.therapy { () throws(TherapyError) in
                try session.refill(request, accepted: codes, overrideReason: commit.reason, at: now)
            }
        }
        let result = WireCoding.encode(WireRefillResult(outcome, reservoir: WireReservoir(session)))
        try await reply.send(["result": result, "status": status(of: session, for: caller)], continues: false)
    }

    func commitFirstFill(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["fill", "token", "acceptWarnings", "overrideReason"])
        let request = try input.decoded("fill", as: WireFirstFill.self).request
        let commit = try await prepareCommit(input, of: .firstFill(request)) { $0.reviewFirstFill(request) }
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
            if recorded { throw PumpErrors.from(Self.alreadyFilled) }
            _ = try commit.stillHolds(in: session, review: session.reviewFirstFill(request))
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

    /// A commit of a reviewed fill, its token redeemed: what must still hold when it is applied.
    struct ReviewedCommit: Sendable {
        var token: String
        var accept: [String]
        var reason: String?
        var reviewed: ConfirmationTokens.Review

        /// The pump is as reviewed and the review (taken again now) still passes with the
        /// acceptance sent: the accepted codes.
        func stillHolds(in session: TherapySession, review: Result<FillReview, TherapyError>) throws(VarlinkError) -> [ProgrammingWarning.Code] {
            guard ConfirmationTokens.StateFingerprint(session) == reviewed.state else {
                throw PumpErrors.staleToken(ConfirmationTokens.TokenProblem.stateChanged.reason)
            }
            return try PumpInterface.accepted(review, accept, reason)
        }
    }

    /// The token and the acceptance as sent; the warnings judged against the review before the
    /// token is spent (an acceptance that falls short can be corrected without validating again);
    /// then the token redeemed for exactly `request`.
    private func prepareCommit(
        _ input: VarlinkParameters, of request: ConfirmationTokens.ReviewedRequest,
        review: @escaping @Sendable (TherapySession) -> Result<FillReview, TherapyError>
    ) async throws(VarlinkError) -> ReviewedCommit {
        let token = try input.required("token", as: String.self)
        let accept = try input.optional("acceptWarnings", as: [String].self) ?? []
        let reason = try input.optional("overrideReason", as: String.self)
        _ = try Self.accepted(await service.runner.perform { session, _ in review(session) }, accept, reason)
        return ReviewedCommit(token: token, accept: accept, reason: reason, reviewed: try redeem(token, for: request))
    }

    /// The accepted codes of a review that passed, or the refusal as its API error.
    fileprivate static func accepted(
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
