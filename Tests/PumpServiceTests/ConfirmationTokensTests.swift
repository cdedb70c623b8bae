import PumpCore
import Synchronization
import Testing

@testable import PumpService

@Suite struct ConfirmationTokensTests {
    static let drug = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))
    static func prescription(_ microgramsPerDay: Int64) -> Prescription {
        Prescription(
            drug: drug, basal: .continuous(.microgramsPerDay(microgramsPerDay)),
            limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
            lowReservoirAlarm: .millilitres(2))
    }
    static let state = ConfirmationTokens.StateFingerprint.sample

    @Test func aTokenCommitsOnlyTheReviewedPrescriptionAndOnlyOnce() {
        let tokens = ConfirmationTokens()
        let token = tokens.issue(for: .prescription(Self.prescription(500)), state: Self.state)
        #expect(throws: Never.self) { try tokens.redeem(token, for: .prescription(Self.prescription(500))).get() }
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(500))).problem == .unknown)
    }

    @Test func aCommitRefusedByItsCheckLeavesTheTokenForACorrectedOne() {
        let tokens = ConfirmationTokens()
        let warning = ProgrammingWarning(.dailyDoseIncrease, field: "basal", message: "×10")
        let token = tokens.issue(for: .prescription(Self.prescription(500)), state: Self.state, warnings: [warning])
        let refused = tokens.redeem(token, for: .prescription(Self.prescription(500))) { review in
            review.warnings == [warning] ? PumpErrors.staleToken("not accepted") : nil
        }
        guard case .failure(.refused) = refused else { Issue.record("expected the check's refusal, got \(refused)"); return }
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(500)), checking: { _ in nil }).isSuccess)
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(500))).problem == .unknown, "used once")
    }

    @Test func anotherPrescriptionUnderTheTokenIsRefusedAndTheTokenStaysForTheReviewedOne() {
        let tokens = ConfirmationTokens()
        let token = tokens.issue(for: .prescription(Self.prescription(500)), state: Self.state)
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(501))).problem == .differentPrescription)
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(500))).problem == nil)
    }

    @Test func aTokenExpiresAfterItsLifetime() {
        let clock = Atomic<Int64>(0)
        let tokens = ConfirmationTokens(lifetimeSeconds: 300, now: { clock.load(ordering: .relaxed) })
        let token = tokens.issue(for: .prescription(Self.prescription(500)), state: Self.state)
        clock.store(300_000_000_000, ordering: .relaxed)
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(500))).problem == .expired)
    }

    @Test func aTokenForAProgramNeverCommitsARefillOrAFirstFill() {
        let tokens = ConfirmationTokens()
        let token = tokens.issue(for: .prescription(Self.prescription(500)), state: Self.state)
        let refill = RefillRequest(volume: .millilitres(20), drug: Self.drug, withdrawn: .millilitres(3), prescription: Self.prescription(500))
        #expect(tokens.redeem(token, for: .refill(refill)).problem == .differentPrescription)
        #expect(tokens.redeem(token, for: .prescription(Self.prescription(500))).problem == nil)
    }

    @Test func tokensAreUnguessablyDistinct() {
        let tokens = ConfirmationTokens()
        let issued = Set((0..<50).map { _ in tokens.issue(for: .prescription(Self.prescription(500)), state: Self.state) })
        #expect(issued.count == 50)
    }
}

extension Result where Failure == ConfirmationTokens.RedeemFailure {
    var problem: ConfirmationTokens.TokenProblem? { if case .failure(.token(let problem)) = self { problem } else { nil } }
}

extension ConfirmationTokens.StateFingerprint {
    static var sample: Self {
        let rig = RigConfiguration(
            stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(10), maximumStepsPerSecond: 100,
            minimumRate: .microlitresPerDay(10), deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1),
            reservoirCapacity: .millilitres(40), emptyThreshold: .microlitres(500), refillDiscrepancyTolerance: .microlitres(500))
        let clock = ClockReading(monotonic: MonotonicInstant(nanoseconds: 0), wall: CivilTime(unixNanoseconds: 0))
        let session = TherapySession(
            rig: rig, fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: clock.wall, position: 0),
            pathPrimed: true, battery: BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000), clock: clock)
        return Self(session)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
