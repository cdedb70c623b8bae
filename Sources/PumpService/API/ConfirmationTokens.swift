import PumpCore
import Synchronization
import Varlink

/// Tokens ValidatePrescription hands out and CommitPrescription needs: each binds one reviewed
/// prescription to the pump's state as reviewed (program, drug in the reservoir, step volume) and
/// to the warnings the review showed, is good for one commit, and expires.
final class ConfirmationTokens: Sendable {
    struct Review: Sendable {
        var prescription: Prescription
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

        init(_ session: TherapySession) {
            active = session.prescription
            drug = session.fill.drug
            stepVolume = session.rig.stepVolume
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

    /// A new token for `prescription` reviewed against `state`, showing `warnings`.
    func issue(for prescription: Prescription, state: StateFingerprint, warnings: [ProgrammingWarning] = []) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }.joined(separator: "-")
        let now = self.now()
        reviews.withLock { reviews in
            reviews = reviews.filter { $0.value.expiresAt > now }
            if reviews.count >= Self.maximumOutstanding, let oldest = reviews.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                reviews[oldest.key] = nil
            }
            reviews[token] = Review(prescription: prescription, state: state, warnings: warnings, expiresAt: now + lifetime)
        }
        return token
    }

    /// Takes the review behind `token` (one use), or says why it cannot be used.
    func redeem(_ token: String, for prescription: Prescription) -> Result<Review, TokenProblem> {
        switch redeem(token, for: prescription, checking: { _ in nil }) {
        case .success(let review): .success(review)
        case .failure(.token(let problem)): .failure(problem)
        case .failure(.refused): .failure(.unknown)  // the check above refuses nothing
        }
    }

    /// Why `redeem(_:for:checking:)` gave no review.
    enum RedeemFailure: Error {
        case token(TokenProblem)
        /// The check refused the commit; the token stays good for a corrected one.
        case refused(VarlinkError)
    }

    /// Takes the review behind `token` (one use) if `check` finds nothing wrong with committing
    /// it (the warnings accepted); a refusal of `check` leaves the token unused.
    func redeem(_ token: String, for prescription: Prescription, checking check: (Review) -> VarlinkError?) -> Result<Review, RedeemFailure> {
        reviews.withLock { reviews in
            guard let review = reviews[token] else { return .failure(.token(.unknown)) }
            guard review.expiresAt > now() else {
                reviews[token] = nil
                return .failure(.token(.expired))
            }
            guard review.prescription == prescription else { return .failure(.token(.differentPrescription)) }
            if let refusal = check(review) { return .failure(.refused(refusal)) }
            reviews[token] = nil
            return .success(review)
        }
    }

    enum TokenProblem: Error {
        case unknown, expired, differentPrescription, stateChanged

        var reason: String {
            switch self {
            case .unknown: "no such token: validate the prescription first (tokens are single-use)"
            case .expired: "the token expired (\(ConfirmationTokens.lifetimeSeconds) s after validation): validate again"
            case .differentPrescription: "the prescription differs from the one validated with this token"
            case .stateChanged: "the pump's program, drug or calibration changed since validation: validate again"
            }
        }
    }
}
