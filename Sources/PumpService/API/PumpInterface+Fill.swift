#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
        let session = await publishedSession()
        let (review, state) = (session.reviewRefill(request), ConfirmationTokens.StateFingerprint(session))
        try await replyReview(review, token: { service.tokens.issue(for: .refill(request), state: state, warnings: $0) }, reply: reply)
    }

    func validateFirstFill(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["fill"])
        let request = try input.decoded("fill", as: WireFirstFill.self).request
        let recorded = fillRecorded  // read here, never on the loop
        let session = await publishedSession()
        let (review, state) = (session.reviewFirstFill(request), ConfirmationTokens.StateFingerprint(session))
        try await replyReview(
            recorded ? .failure(Self.alreadyFilled) : review, token: { service.tokens.issue(for: .firstFill(request), state: state, warnings: $0) },
            reply: reply)
    }

    func commitRefill(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["refill", "token", "acceptWarnings", "overrideReason"])
        let request = try input.decoded("refill", as: WireRefill.self).request
        let commit = try prepareCommit(input, of: .refill(request))
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
            try commit.stillHolds(in: session)
            return try Self.therapy { () throws(TherapyError) in try session.refill(request, accepting: commit.acceptance, at: now) }
        }
        let result = WireCoding.encode(WireRefillResult(outcome, reservoir: WireReservoir(session)))
        try await reply.send(["result": result, "status": await status(of: session, for: caller)], continues: false)
    }

    func commitFirstFill(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["fill", "token", "acceptWarnings", "overrideReason"])
        let request = try input.decoded("fill", as: WireFirstFill.self).request
        let commit = try prepareCommit(input, of: .firstFill(request))
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
            try commit.stillHolds(in: session)
            _ = try Self.therapy { () throws(TherapyError) in try session.commitFirstFill(request, accepting: commit.acceptance, at: now) }
        }
        try await reply.send(["reservoir": WireCoding.encode(WireReservoir(session)), "status": await status(of: session, for: caller)], continues: false)
    }

    // MARK: - Shared steps

    /// A fill is recorded in the state database: the pump was filled (commissioned or refilled).
    private var fillRecorded: Bool { ((try? service.keeper.database.fills(limit: 1)) ?? []).isEmpty == false }

    private static let alreadyFilled = TherapyError.invalidRefill([
        LimitViolation(.alreadyFilled, field: "fill", actual: "a fill is recorded", limit: "a pump never filled (refill this one: ValidateRefill)")
    ])

    /// The review's reply: rows, warnings, bridge, new program, and a token for exactly this request.
    private func replyReview(
        _ outcome: Result<FillReview, TherapyError>, token: ([ProgrammingWarning]) -> String, reply: VarlinkReplier
    ) async throws(VarlinkError) {
        let review: FillReview
        switch outcome {
        case .failure(let refusal): throw PumpErrors.from(refusal)
        case .success(let reviewed): review = reviewed
        }
        var result: JSONObject = [
            "comparison": WireCoding.encode(review.rows.map { WireComparisonRow(label: $0.label, old: $0.old, new: $0.new, changed: $0.changed) }),
            "warnings": WireCoding.encode(review.warnings.map { WireWarning($0, under: "") }),
            "token": .string(token(review.warnings)), "expiresIn": .integer(ConfirmationTokens.lifetimeSeconds),
        ]
        if let bridge = review.bridge { result["bridge"] = WireCoding.encode(WireBridge(bridge)) }
        if let program = review.newProgram { result["newProgram"] = WireCoding.encode(program) }
        try await reply.send(result, continues: false)
    }

    /// A commit of a reviewed fill, its token redeemed and its acceptance judged against the
    /// warnings the review showed.
    struct ReviewedCommit: Sendable {
        var token: String
        var acceptance: WarningAcceptance
        var reviewed: ConfirmationTokens.Review

        /// The pump is as reviewed (the core checks the review and the acceptance again).
        func stillHolds(in session: TherapySession) throws(VarlinkError) {
            guard ConfirmationTokens.StateFingerprint(session) == reviewed.state else {
                throw PumpErrors.staleToken(ConfirmationTokens.TokenProblem.stateChanged.reason)
            }
        }
    }

    /// The token redeemed for exactly `request`, if the acceptance sent covers the warnings its
    /// review showed (an acceptance that falls short leaves the token good for a corrected one).
    private func prepareCommit(_ input: VarlinkParameters, of request: ConfirmationTokens.ReviewedRequest) throws(VarlinkError) -> ReviewedCommit {
        let token = try input.required("token", as: String.self)
        let acceptance = try Self.acceptance(input)
        switch service.tokens.redeem(token, for: request, checking: { Self.refusal(of: acceptance, by: $0, parameter: nil) }) {
        case .failure(.token(let problem)): throw PumpErrors.staleToken(problem.reason)
        case .failure(.refused(let refusal)): throw refusal
        case .success(let reviewed): return ReviewedCommit(token: token, acceptance: acceptance.accepted, reviewed: reviewed)
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
