extension TherapySession {
    /// Therapy that a person stopped and that stays stopped: a clinician's or operator's Stop
    /// (priming since included), or an alarm's stop once no critical alarm waits for its
    /// acknowledgement (until then that alarm itself is what people see), or a committed program
    /// that could not start (the incomplete programming session). Only with a program:
    /// a pump never programmed has no therapy to miss.
    var isLeftStopped: Bool {
        // Stop time first: asked at every advance, and comparing the whole optional prescription
        // with nil copies it (issue 13's soak profile).
        guard stoppedAt != nil, prescription != nil else { return false }
        switch mode {
        case .stopped(.clinician), .priming(thenRun: false): return true
        // A program committed that could not start (see startOrReport), or priming for it.
        case .stopped(.idle), .priming(thenRun: true): return true
        case .stopped(.alarm):
            return !alarms.awaitsCriticalAcknowledgement
        case .running, .stopped(.shutdown): return false
        case .lineTest, .calibrationRun: return true  // therapy waits while the bench task runs
        }
    }

    /// When the next left-stopped reminder is due (monotonic): `policy.stoppedReminderAfter`
    /// after the stop, then `policy.stoppedReminderRepeat` after each acknowledgement. Nil when
    /// therapy is not left stopped, or the reminder is raised and not yet acknowledged.
    public var leftStoppedReminderDue: MonotonicInstant? {
        guard isLeftStopped, let stoppedAt else { return nil }
        if let acknowledged = leftStoppedAcknowledgedAt { return acknowledged + policy.stoppedReminderRepeat }
        guard alarms.active[.leftStopped] == nil else { return nil }
        return stoppedAt.monotonic + policy.stoppedReminderAfter
    }

    /// Raises (or raises again) the left-stopped alarm once it is due at the session's reading.
    mutating func remindIfLeftStopped() {
        // Delivering (nearly every advance): done before asking `leftStoppedReminderDue`, whose
        // call copied the whole session at every advance (issue 13's soak profile).
        guard stoppedAt != nil else { return }
        guard let due = leftStoppedReminderDue, clock.monotonic >= due, let stoppedAt else { return }
        let who =
            switch mode {
            case .stopped(.alarm): "an alarm"
            case .stopped(.idle), .priming(thenRun: true): "a committed program that could not start"
            default: "a clinician or operator"
            }
        let evidence = "therapy stopped (\(who)) for \((clock.monotonic - stoppedAt.monotonic).readable) "
            + "(since \(stoppedAt.wall)); reminder after \(policy.stoppedReminderAfter.readable)"
        leftStoppedAcknowledgedAt = nil
        emit(.alarmRaised(alarms.raiseAgain(.leftStopped, evidence: evidence, at: clock.wall)))
    }

    /// Delivery started: the left-stopped alarm's cause is gone.
    mutating func endLeftStopped() {
        leftStoppedAcknowledgedAt = nil
        if let cleared = alarms.causeCleared(.leftStopped, at: clock.wall) { emit(.alarmCleared(cleared)) }
    }
}
