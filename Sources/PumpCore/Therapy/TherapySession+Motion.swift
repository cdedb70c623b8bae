extension TherapySession {
    /// Audits one stall retry the control loop is about to make (see `TherapyEvent.Kind.stallRetry`)
    /// and counts it in `stallRetriesUsed` (attempt = used + 1). Changes no accounting: the unseen
    /// steps were counted as delivered when they were commanded (the safe side for the dose
    /// limits and the reservoir) and are never commanded again.
    public mutating func recordStallRetry(
        of retries: Int, unseenSteps: Int64, reversed: Bool, evidence: String, at reading: ClockReading
    ) {
        advance(to: reading)
        stallRetriesUsed += 1
        emit(.stallRetry(attempt: stallRetriesUsed, retries: retries, unseen: unseenSteps, reversed: reversed, evidence: evidence))
    }
}
