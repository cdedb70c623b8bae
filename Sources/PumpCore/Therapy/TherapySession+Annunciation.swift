extension TherapySession {
    /// Records that the alarms' sound was paused until `until`; acknowledges nothing.
    public mutating func recordSilence(until: CivilTime, duration: TimeSpan, priority: AlarmPriority, at reading: ClockReading) {
        advance(to: reading)
        emit(.alarmsSilenced(until: until, duration: duration, priority: priority))
    }

    /// Records a self-test's or alarm test's report and raises the alarm of every failed item
    /// (one alarm per kind, its evidence naming each failed item, prefixed "power-on self-test: "
    /// or "alarm test: "). A critical one (the ENABLE path) stops delivery, as any critical alarm.
    public mutating func recordSelfCheck(_ report: SelfCheckReport, at reading: ClockReading) {
        advance(to: reading)
        emit(report.kind == .powerOnSelfTest ? .selfTest(report) : .alarmTest(report))
        let prefix = report.kind == .powerOnSelfTest ? "power-on self-test: " : "alarm test: "
        let failed = report.items.filter { $0.outcome == .failed }
        for kind in AlarmKind.allCases {
            let items = failed.filter { $0.alarm == kind }
            guard !items.isEmpty else { continue }
            raise(kind, evidence: prefix + items.map { "\($0.subject): \($0.evidence)" }.joined(separator: "; "))
        }
    }
}
