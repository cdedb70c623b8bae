import PumpCore

/// A simulated rig's physical state as `MappedRecordFile` words: what `SimulatedRigStore` keeps.
struct SavedRigState {
    static let wordCount = 23
    var settledAt: Int64
    var reservoir: Int64
    var leaked: Int64
    var leakRemainder: Int64
    var catheterFill: Int64
    var heldAtAnchor: Int64
    var anchorInstant: Int64
    var deliveredAtAnchor: Int64
    var batteryDrained: Int64
    var readsTaken: Int64
    var batteryRemainder: Int64
    var stepsForward: Int64
    var stepsBack: Int64
    var encoderPulses: Int64
    var reverseMoves: Int64
    var stepsWhileDisabled: Int64
    /// -1: none.
    var lastForwardStep: Int64
    var realMonotonic: Int64
    var wall: Int64
    var wallOffset: Int32
    var stepVolume: Int64
    var deadVolume: Int64
    var hasLastForwardStep: Bool

    init(_ state: SimulatedRigState, wall: CivilTime, realMonotonic: Int64) {
        settledAt = state.settledAt.nanoseconds
        reservoir = state.reservoirPicolitres
        leaked = state.leakedPicolitres
        leakRemainder = Int64(state.leakRemainder)  // below 3.6e9 (see `settle`)
        catheterFill = state.catheterFillPicolitres
        heldAtAnchor = state.heldAtAnchorPicolitres
        anchorInstant = state.anchorInstant.nanoseconds
        deliveredAtAnchor = state.deliveredAtAnchorPicolitres
        batteryDrained = state.batteryDrainedMicrovolts
        readsTaken = Int64(bitPattern: state.readsTaken)
        batteryRemainder = Int64(state.batteryRemainder)  // below 3.6e12
        stepsForward = state.stepsForward
        stepsBack = state.stepsBack
        encoderPulses = state.encoderPulses
        reverseMoves = state.reverseMoves
        stepsWhileDisabled = state.stepsWhileDisabled
        hasLastForwardStep = state.lastForwardStep != nil
        lastForwardStep = state.lastForwardStep?.nanoseconds ?? 0
        self.realMonotonic = realMonotonic
        self.wall = wall.unixNanoseconds
        wallOffset = wall.utcOffsetSeconds
        stepVolume = state.configuration.stepVolume.picolitres
        deadVolume = state.configuration.catheterDeadVolume.picolitres
    }

    init(words w: [Int64]) {
        precondition(w.count == Self.wordCount)
        (settledAt, reservoir, leaked, leakRemainder, catheterFill, heldAtAnchor) = (w[0], w[1], w[2], w[3], w[4], w[5])
        (anchorInstant, deliveredAtAnchor, batteryDrained, readsTaken, batteryRemainder) = (w[6], w[7], w[8], w[9], w[10])
        (stepsForward, stepsBack, encoderPulses, reverseMoves, stepsWhileDisabled) = (w[11], w[12], w[13], w[14], w[15])
        (hasLastForwardStep, lastForwardStep, realMonotonic, wall) = (w[16] != 0, w[17], w[18], w[19])
        (wallOffset, stepVolume, deadVolume) = (Int32(truncatingIfNeeded: w[20]), w[21], w[22])
    }

    var words: InlineArray<23, Int64> {
        [
            settledAt, reservoir, leaked, leakRemainder, catheterFill, heldAtAnchor, anchorInstant, deliveredAtAnchor, batteryDrained,
            readsTaken, batteryRemainder, stepsForward, stepsBack, encoderPulses, reverseMoves, stepsWhileDisabled,
            hasLastForwardStep ? 1 : 0, lastForwardStep, realMonotonic, wall, Int64(wallOffset), stepVolume, deadVolume,
        ]
    }

    /// Puts the saved physics into `state`, on a clock now at `now`: a clock that restarted
    /// behind the saved instant (a reboot, a virtual clock started earlier) moves every saved
    /// instant by the same amount, so nothing runs backwards.
    func restore(into state: inout SimulatedRigState, now: MonotonicInstant) {
        let shift = min(now.nanoseconds - settledAt, 0)
        state.settledAt = MonotonicInstant(nanoseconds: settledAt + shift)
        state.reservoirPicolitres = reservoir
        state.leakedPicolitres = leaked
        state.leakRemainder = Int128(leakRemainder)
        state.catheterFillPicolitres = catheterFill
        state.heldAtAnchorPicolitres = heldAtAnchor
        state.anchorInstant = MonotonicInstant(nanoseconds: anchorInstant + shift)
        state.deliveredAtAnchorPicolitres = deliveredAtAnchor
        state.batteryDrainedMicrovolts = batteryDrained
        state.readsTaken = UInt64(bitPattern: readsTaken)
        state.batteryRemainder = Int128(batteryRemainder)
        state.stepsForward = stepsForward
        state.stepsBack = stepsBack
        state.encoderPulses = encoderPulses
        state.reverseMoves = reverseMoves
        state.stepsWhileDisabled = stepsWhileDisabled
        state.lastForwardStep = hasLastForwardStep ? MonotonicInstant(nanoseconds: lastForwardStep + shift) : nil
        state.encoderPulsesTaken = encoderPulses  // the pulses of a previous run are not this run's motion
        // The process that drove ENABLE died: the pull resistor holds it inactive.
        state.enabled = false
    }
}
