extension TherapySession {
    /// Raises `kind` at `reading` with the evidence that caused it. A critical alarm stops
    /// delivery at once.
    public mutating func raiseAlarm(_ kind: AlarmKind, evidence: String, at reading: ClockReading) {
        advance(to: reading)
        raise(kind, evidence: evidence)
    }

    /// Raises `kind` with a cause that lasts until `clearAlarmCause`, even for a kind whose cause
    /// usually ends when raised (the alarm system's failure while the buzzer is known dead). One
    /// live but acknowledged is raised afresh, unacknowledged: the failure was seen again.
    public mutating func raiseLastingAlarm(_ kind: AlarmKind, evidence: String, at reading: ClockReading) {
        advance(to: reading)
        if alarms.active[kind]?.acknowledgedAt != nil {
            emit(.alarmRaised(alarms.raiseAgain(kind, evidence: evidence, at: clock.wall, causeLasts: true)))
        } else if let alarm = alarms.raise(kind, evidence: evidence, at: clock.wall, causeLasts: true) {
            emit(.alarmRaised(alarm))
        }
        if kind.severity == .critical { halt(.alarm) }
    }

    /// Raises `kind` for evidence a person must review, with no lasting cause to wait for (state
    /// accepted by hand at a start): it latches until acknowledged, and a critical one stops
    /// delivery until then; acknowledged, it clears and a clinician may resume. One already live
    /// is raised afresh, unacknowledged, its evidence joined before the new (neither is lost), and
    /// a lasting cause it had is kept.
    public mutating func raiseReviewAlarm(_ kind: AlarmKind, evidence: String, at reading: ClockReading) {
        advance(to: reading)
        if let live = alarms.active[kind], live.isActive {
            emit(.alarmRaised(alarms.raiseAgain(kind, evidence: live.evidence + "; " + evidence, at: clock.wall, causeLasts: live.causePresent)))
        } else if let alarm = alarms.raise(kind, evidence: evidence, at: clock.wall, causeLasts: false) {
            emit(.alarmRaised(alarm))
        }
        if kind.severity == .critical { halt(.alarm) }
    }

    /// The cause of `kind` is gone at `reading`. Delivery does not restart by itself.
    public mutating func clearAlarmCause(_ kind: AlarmKind, at reading: ClockReading) {
        advance(to: reading)
        if let cleared = alarms.causeCleared(kind, at: reading.wall) { emit(.alarmCleared(cleared)) }
    }

    /// Acknowledges `kind` at `reading`. Delivery does not restart by itself.
    public mutating func acknowledgeAlarm(_ kind: AlarmKind, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        let cleared: Alarm?
        do { cleared = try alarms.acknowledge(kind, at: reading.wall) } catch { throw .alarm(error) }
        emit(.alarmAcknowledged(kind))
        if kind == .leftStopped { leftStoppedAcknowledgedAt = clock.monotonic }
        if let cleared { emit(.alarmCleared(cleared)) }
        remindIfLeftStopped()  // an alarm's stop, acknowledged, may have been left long enough
    }

    /// Records an (already averaged) battery voltage and raises or clears ERI and EOS.
    public mutating func recordBattery(millivolts: Int64, at reading: ClockReading) {
        advance(to: reading)
        let level = battery.record(millivolts: millivolts, at: reading.wall)
        let t = battery.thresholds
        switch level {
        case .endOfService:
            raise(.batteryEndOfService, evidence: "battery \(millivolts) mV ≤ end-of-service \(t.endOfServiceMillivolts) mV")
            raise(.batteryElectiveReplacement, evidence: "battery \(millivolts) mV ≤ elective replacement \(t.electiveReplacementMillivolts) mV")
        case .electiveReplacement:
            if let cleared = alarms.causeCleared(.batteryEndOfService, at: reading.wall) { emit(.alarmCleared(cleared)) }
            raise(.batteryElectiveReplacement, evidence: "battery \(millivolts) mV ≤ elective replacement \(t.electiveReplacementMillivolts) mV")
        case .good:
            for kind in [AlarmKind.batteryEndOfService, .batteryElectiveReplacement] {
                if let cleared = alarms.causeCleared(kind, at: reading.wall) { emit(.alarmCleared(cleared)) }
            }
        }
    }

    /// Judges battery readings against `thresholds` from the next reading on (a profile reload):
    /// an ERI or EOS alarm is raised or cleared then, not here.
    public mutating func retuneBattery(_ thresholds: BatteryThresholds) {
        battery.retune(thresholds)
    }

    /// Raises at the session's current reading; stops delivery for a critical alarm.
    mutating func raise(_ kind: AlarmKind, evidence: String) {
        if let alarm = alarms.raise(kind, evidence: evidence, at: clock.wall) { emit(.alarmRaised(alarm)) }
        if kind.severity == .critical { halt(.alarm) }
    }
}
