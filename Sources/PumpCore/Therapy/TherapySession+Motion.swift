extension TherapySession {
    /// Audits one stall retry the control loop is about to make (see `TherapyEvent.Kind.stallRetry`).
    /// Changes no accounting: the unseen steps were counted as delivered when they were commanded
    /// (the safe side for the dose limits and the reservoir) and are never commanded again.
    public mutating func recordStallRetry(
        attempt: Int, of retries: Int, unseenSteps: Int64, reversed: Bool, evidence: String, at reading: ClockReading
    ) {
        advance(to: reading)
        emit(.stallRetry(attempt: attempt, retries: retries, unseen: unseenSteps, reversed: reversed, evidence: evidence))
    }
}
