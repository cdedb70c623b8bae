public import PumpCore
import PumpHardware

/// Alarm outputs: drives the buzzer and lamps from the annunciator at each wake, checks the
/// buzzer's sense at each buzzer edge, runs the clinician's alarm test and the power-on self-test.
///
/// Edges are driven after the wake's steps and ENABLE handling, never before: the motor never
/// waits on the buzzer. The loop wakes for an edge only while something annunciates.
extension ControlCycle {
    /// Consecutive sense disagreements that raise alarm-system-failure outside a test (one may be a
    /// sense line still settling after a late wake).
    static let senseMismatchLimit = 3

    /// Drives the outputs to what `reading`'s instant calls for and plans the next edge.
    func annunciate(at reading: ClockReading) {
        guard let outputs = rig.alarmOutputs else { return }
        let now = reading.monotonic
        let seen = annunciation.annunciator.observe(session.alarms, at: now, wall: reading.wall)
        if seen.testInterrupted { finishAlarmTest(at: reading, interrupted: true) }
        if annunciation.inPlace({ $0.testFinished(at: now) }) { finishAlarmTest(at: reading, interrupted: false) }
        let levels = annunciation.inPlace { $0.levels(at: now) }
        if levels != annunciation.driven {
            if levels.buzzer != annunciation.driven.buzzer { checkSense(outputs, expected: annunciation.driven.buzzer, at: reading) }
            do {
                try outputs.drive(levels)
                if levels.buzzer != annunciation.driven.buzzer { annunciation.buzzerChangedAt = now }
                annunciation.driven = levels
            } catch {
                outputFailed(outputs, levels, error, at: reading)
            }
        }
        annunciation.deadline = annunciation.inPlace { $0.nextEdge(after: now) } ?? .distantFuture
    }

    /// Drives every output off and plans no edge: the loop is stopping, and a buzzer or lamp left
    /// on would outlive it (the next start annunciates afresh). A failure raises
    /// alarm-system-failure, kept in the final state.
    func annunciationOff(at reading: ClockReading) {
        guard let outputs = rig.alarmOutputs else { return }
        annunciation.deadline = .distantFuture
        do {
            try outputs.drive(.off)
            annunciation.driven = .off
        } catch {
            session.raiseAlarm(.alarmSystemFailure, evidence: "alarm output \(outputs.source) at shutdown: \(error)", at: reading)
        }
    }

    /// Pauses the alarms' sound for `duration` (nil: the profile's `max_silence`); the lamps go on.
    /// Returns when the sound returns. Loop thread only.
    ///
    /// - Throws: `AnnunciationError` (no alarm outputs, out of range, nothing sounding); nothing
    ///   changes then.
    public func silenceAlarms(for duration: TimeSpan?, at reading: ClockReading) throws(AnnunciationError) -> CivilTime {
        guard rig.alarmOutputs != nil else { throw .noAlarmOutputs }
        let seen = annunciation.annunciator.observe(session.alarms, at: reading.monotonic, wall: reading.wall)
        if seen.testInterrupted { finishAlarmTest(at: reading, interrupted: true) }
        let span = duration ?? annunciation.annunciator.settings.maxSilence
        let until = try annunciation.annunciator.silence(for: span, at: reading.monotonic)
        let wall = reading.wall + (until - reading.monotonic)
        session.recordSilence(until: wall, duration: span, priority: annunciation.annunciator.silencedPriority ?? .low, at: reading)
        return wall
    }

    /// Starts the clinician's alarm test (`AlarmTestPlan`, 6.5 s); its report arrives as
    /// `annunciation.lastAlarmTest` when `alarmTestsFinished` passes the returned count, which is
    /// also the report's `alarmTestNumber`. Loop thread only.
    ///
    /// - Throws: `.testRunning` while one runs.
    public func startAlarmTest(at reading: ClockReading) throws(AnnunciationError) -> (finishedCount: Int, endsAt: CivilTime) {
        guard rig.alarmOutputs != nil else { throw .noAlarmOutputs }
        let end = try annunciation.annunciator.startTest(at: reading.monotonic)
        annunciation.test = AlarmTestTally(number: annunciation.alarmTestsFinished + 1, startedAt: reading.wall, started: reading.monotonic)
        return (annunciation.alarmTestsFinished + 1, reading.wall + (end - reading.monotonic))
    }

    /// Run the power-on self-test in `start` (before the first wake, so before therapy resumes).
    /// pumpd sets it; harnesses need not.
    public var selfTestAtStart: Bool {
        get { annunciation.selfTestAtStart }
        set { annunciation.selfTestAtStart = newValue }
    }

    /// The loop's annunciation deadline, for `nextDeadline`.
    var annunciationDeadline: MonotonicInstant { rig.alarmOutputs == nil ? .distantFuture : annunciation.deadline }

    /// How long after the buzzer is driven off its sense must read silent in the switch poll.
    static let senseSettle = TimeSpan.milliseconds(100)

    /// Between buzzer changes, with the switch poll: the sense must read silent while the buzzer is
    /// driven off, so a buzzer stuck on while nothing (or only a lamp) annunciates is found within
    /// three polls, not only at the next burst. Loop thread only.
    func pollBuzzerSense(at reading: ClockReading) {
        guard let outputs = rig.alarmOutputs, outputs.hasBuzzerSense, annunciation.test == nil, !annunciation.driven.buzzer,
            reading.monotonic - annunciation.buzzerChangedAt >= Self.senseSettle
        else { return }
        checkSense(outputs, expected: false, at: reading)
    }

    // MARK: - Sense and failures

    /// Reads the sense before a buzzer change: it must still show the level held until now.
    private func checkSense(_ outputs: any AlarmOutputs, expected: Bool, at reading: ClockReading) {
        let sensed: Bool?
        do { sensed = try outputs.buzzerSensed() } catch {
            senseDisagreed("buzzer sense \(outputs.source): \(error)", soundWhileOff: false, at: reading)
            return
        }
        guard let sensed else { return }
        if annunciation.test != nil { annunciation.test!.senseChecks += 1 }
        if sensed == expected {
            if annunciation.test == nil { senseAgreed(whileOn: expected, at: reading) }
            return
        }
        senseDisagreed(
            expected ? "buzzer sense read silent while the buzzer was driven on" : "buzzer sense read sounding while the buzzer was driven off",
            soundWhileOff: !expected, at: reading)
    }

    private func senseDisagreed(_ evidence: String, soundWhileOff: Bool, at reading: ClockReading) {
        if annunciation.test != nil {
            if soundWhileOff { annunciation.test!.soundWhileOff += 1 } else { annunciation.test!.silentWhileOn += 1 }
            return
        }
        annunciation.senseAgreedOn = false
        annunciation.senseAgreedOff = false
        // Counted apart: a buzzer stuck sounding reads right at every pulse's end, a dead one at
        // every pulse's start, so one shared count would be reset by the faulty buzzer itself.
        let inRow: Int
        if soundWhileOff {
            annunciation.soundingWhileOffInRow += 1
            inRow = annunciation.soundingWhileOffInRow
        } else {
            annunciation.silentWhileOnInRow += 1
            inRow = annunciation.silentWhileOnInRow
        }
        // The buzzer is known faulty: the alarm's cause lasts until it reads right both ways, and
        // every further run of disagreements raises it again once acknowledged.
        guard inRow % Self.senseMismatchLimit == 0 else { return }
        session.raiseLastingAlarm(.alarmSystemFailure, evidence: "\(evidence) (\(Self.senseMismatchLimit) checks in a row)", at: reading)
    }

    /// The sense agreed with the level held (`whileOn`: a pulse heard; otherwise silence while
    /// off). Once it has agreed both ways since its last disagreement (or since start: a restart
    /// forgets the counts, and silence while off proves nothing of a dead buzzer), the buzzer works
    /// and a faulty-buzzer alarm's cause is gone.
    private func senseAgreed(whileOn: Bool, at reading: ClockReading) {
        if whileOn {
            annunciation.silentWhileOnInRow = 0
            annunciation.senseAgreedOn = true
        } else {
            annunciation.soundingWhileOffInRow = 0
            annunciation.senseAgreedOff = true
        }
        if annunciation.senseAgreedOn, annunciation.senseAgreedOff { buzzerProven(at: reading) }
    }

    /// The buzzer sounded when driven and was silent when not (or an alarm test passed): a
    /// faulty-buzzer alarm's cause is gone.
    private func buzzerProven(at reading: ClockReading) {
        annunciation.silentWhileOnInRow = 0
        annunciation.soundingWhileOffInRow = 0
        clearCauseIfPresent(.alarmSystemFailure, at: reading)
    }

    private func outputFailed(_ outputs: any AlarmOutputs, _ levels: AnnunciatorLevels, _ error: HardwareError, at reading: ClockReading) {
        let text = "alarm output \(outputs.source): \(error)"
        if annunciation.test != nil {
            if levels.buzzer != annunciation.driven.buzzer { annunciation.test!.buzzerError = annunciation.test!.buzzerError ?? text }
            if levels.red != annunciation.driven.red { annunciation.test!.redError = annunciation.test!.redError ?? text }
            if levels.yellow != annunciation.driven.yellow { annunciation.test!.yellowError = annunciation.test!.yellowError ?? text }
            return
        }
        session.raiseAlarm(.alarmSystemFailure, evidence: text, at: reading)
    }

    // MARK: - Alarm test

    private func finishAlarmTest(at reading: ClockReading, interrupted: Bool) {
        annunciation.annunciator.endTest()
        guard let tally = annunciation.test, let outputs = rig.alarmOutputs else { return }
        annunciation.test = nil
        let pulses = AlarmTestPlan.pulses
        var items: [SelfCheckItem] = []
        if outputs.hasBuzzer {
            let wrong = tally.silentWhileOn + tally.soundWhileOff
            let item: (SelfCheckOutcome, String)
            if let error = tally.buzzerError {
                item = (.failed, error)
            } else if !outputs.hasBuzzerSense {
                item = (.unverified, "driven through \(pulses) pulses; no sense line reads it back: listen for it")
            } else if wrong > 0 || tally.senseChecks == 0 {
                item = (.failed, "sense disagreed at \(wrong) of \(tally.senseChecks) checks (\(tally.silentWhileOn) silent while driven on, \(tally.soundWhileOff) sounding while driven off)")
            } else {
                item = (.passed, "sense followed all \(tally.senseChecks) checks over \(pulses) pulses")
                if !interrupted { buzzerProven(at: reading) }
            }
            items.append(SelfCheckItem(subject: "buzzer", outcome: item.0, evidence: item.1, alarm: .alarmSystemFailure))
        }
        for (present, subject, error) in [(outputs.hasRedLamp, "red LED", tally.redError), (outputs.hasYellowLamp, "yellow LED", tally.yellowError)] where present {
            items.append(
                SelfCheckItem(
                    subject: subject, outcome: error == nil ? .unverified : .failed,
                    evidence: error ?? "driven through the patterns; nothing reads a lamp back: look at it", alarm: .alarmSystemFailure))
        }
        if interrupted { items = items.map { SelfCheckItem(subject: $0.subject, outcome: .unverified, evidence: "cut short by a new alarm", alarm: $0.alarm) } }
        let report = SelfCheckReport(kind: .alarmTest, items: items, startedAt: tally.startedAt, duration: reading.monotonic - tally.started, interrupted: interrupted,
            alarmTestNumber: tally.number)
        annunciation.lastAlarmTest = report
        annunciation.alarmTestsFinished += 1
        session.recordSelfCheck(report, at: reading)
    }
}
