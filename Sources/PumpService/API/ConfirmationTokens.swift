import PumpCore
import Synchronization
import Varlink

/// Tokens a validation hands out and its commit needs (ValidatePrescription → CommitPrescription,
/// ValidateRefill → CommitRefill, ValidateFirstFill → CommitFirstFill): each binds one reviewed
/// request to the pump's state as reviewed (program, fill, step volume), is good for one commit
/// of exactly that request, binds the warnings the review showed, and expires.
final class ConfirmationTokens: Sendable {
    /// What was reviewed: a token for one kind never commits another.
    enum ReviewedRequest: Hashable, Sendable {
        case prescription(Prescription)
        case refill(RefillRequest)
        case firstFill(FirstFillRequest)
    }

    struct Review: Sendable {
        var request: ReviewedRequest
        var state: StateFingerprint
        /// The warnings the review showed: a commit may accept only these.
        var warnings: [ProgrammingWarning] = []
        var expiresAt: Int64
    }

    /// What a review depends on: if any of it changes, the review no longer describes the commit.
    struct StateFingerprint: Hashable, Sendable {
        var active: Prescription?
        var drug: Drug
        var stepVolume: StepVolume
        /// The fill as reviewed: a refill in between changes what the review showed.
        var filledAt: CivilTime
        var fillVolume: Volume

        init(_ session: TherapySession) {
            active = session.prescription
            drug = session.fill.drug
            stepVolume = session.rig.stepVolume
            filledAt = session.fill.filledAt
            fillVolume = session.fill.volume
        }
    }

    static let lifetimeSeconds: Int64 = 300
    static let maximumOutstanding = 64
    private let reviews = Mutex<[String: Review]>([:])
    private let lifetime: Int64
    /// Monotonic nanoseconds now (injectable, so tests can let tokens expire).
    private let now: @Sendable () -> Int64

    init(lifetimeSeconds: Int64 = ConfirmationTokens.lifetimeSeconds, now: @escaping @Sendable () -> Int64 = StateKeeper.realNow) {
        lifetime = lifetimeSeconds * 1_000_000_000
        self.now = now
    }

    /// A new token for `request` reviewed against `state`, showing `warnings`.
    func issue(for request: ReviewedRequest, state: StateFingerprint, warnings: [ProgrammingWarning] = []) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }.joined(separator: "-")
        let now = self.now()
        reviews.withLock { reviews in
            reviews = reviews.filter { $0.value.expiresAt > now }
            if reviews.count >= Self.maximumOutstanding, let oldest = reviews.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                reviews[oldest.key] = nil
            }
            reviews[token] = Review(request: request, state: state, warnings: warnings, expiresAt: now + lifetime)
        }
        return token
    }

    /// Why `redeem(_:for:checking:)` gave no review.
    enum RedeemFailure: Error {
        case token(TokenProblem)
        /// The check refused the commit; the token stays good for a corrected one.
        case refused(VarlinkError)
    }

    /// Takes the review behind `token` (one use) if `check` finds nothing wrong with committing
    /// it (the warnings accepted); a refusal of `check` leaves the token unused.
    func redeem(_ token: String, for request: ReviewedRequest, checking check: (Review) -> VarlinkError? = { _ in nil }) -> Result<Review, RedeemFailure> {
        reviews.withLock { reviews in
            guard let review = reviews[token] else { return .failure(.token(.unknown)) }
            guard review.expiresAt > now() else {
                reviews[token] = nil
                return .failure(.token(.expired))
            }
            guard review.request == request else { return .failure(.token(.differentPrescription)) }
            if let refusal = check(review) { return .failure(.refused(refusal)) }
            reviews[token] = nil
            return .success(review)
        }
    }

    enum TokenProblem: Error {
        case unknown, expired, differentPrescription, stateChanged

        var reason: String {
            switch self {
            case .unknown: "no such token: validate the request first (tokens are single-use)"
            case .expired: "the token expired (\(ConfirmationTokens.lifetimeSeconds) s after validation): validate again"
            case .differentPrescription: "the request differs from the one validated with this token"
            case .stateChanged: "the pump's program, fill or calibration changed since validation: validate again"
            }
        }
    }
}
