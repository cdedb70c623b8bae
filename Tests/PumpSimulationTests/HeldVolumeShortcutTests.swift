import Foundation
import PumpCore
@testable import PumpSimulation
import Testing

/// The held-volume shortcuts (no `exp` for nothing held, nor below its underflow bound) give the
/// very bits the closed form gives.
@Suite("Simulated rig: held volume shortcuts")
struct HeldVolumeShortcutTests {
    static let anchor = MonotonicInstant(nanoseconds: 1_000_000_000_000)

    static func state(held: Int64) -> SimulatedRigState {
        var state = SimulatedRigState(configuration: .test, start: anchor)
        state.heldAtAnchorPicolitres = held
        return state
    }

    /// The closed form as it was, without shortcuts.
    static func reference(_ state: SimulatedRigState, at instant: MonotonicInstant) -> Double {
        let held = Double(state.heldAtAnchorPicolitres)
        if state.outletOccluded || instant <= state.anchorInstant { return held }
        let elapsed = Double((instant - state.anchorInstant).nanoseconds)
        return held * exp(-elapsed / Double(state.configuration.relaxationTimeConstant.nanoseconds))
    }

    @Test(arguments: [Int64(0), 1, -1, 2_000_000, -250_000, Int64.max / 4, Int64.min / 4])
    func heldVolumeIsBitIdenticalToTheClosedFormAtEveryElapsedTime(held: Int64) {
        let state = Self.state(held: held)
        // τ = 30 s: the underflow bound (≈ 745.13 τ) lies near 22 354 s; walk across it finely.
        var spans: [Int64] = [0, 1, 1_000_000, 30_000_000_000, 3_600_000_000_000, 86_400_000_000_000, 864_000_000_000_000]
        for seconds in stride(from: Int64(22_300), through: 22_420, by: 1) {
            spans.append(seconds * 1_000_000_000)
            spans.append(seconds * 1_000_000_000 + 500_000_000)
        }
        for span in spans {
            let instant = Self.anchor + .nanoseconds(span)
            let shortcut = state.heldPicolitres(at: instant)
            let closed = Self.reference(state, at: instant)
            #expect(shortcut.bitPattern == closed.bitPattern, "held \(held) pL, \(span) ns: \(shortcut) vs \(closed)")
        }
    }

    @Test func expIsExactlyZeroBelowTheUnderflowBound() {
        #expect(exp(SimulatedRigState.expUnderflowBound) == 0)
        #expect(exp(SimulatedRigState.expUnderflowBound).sign == .plus)
    }
}
