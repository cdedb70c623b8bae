/// Which alarm outputs are on, and when they next change: the highest-priority unacknowledged
/// alarm's pattern placed in time, with silence and the clinician's alarm test. Pure: time is a
/// parameter; the control loop drives the outputs from `levels(at:)` and wakes at `nextEdge(after:)`.
///
/// - Acknowledge (`AcknowledgeAlarm`) ends an alarm's annunciation, sound and light: an
///   acknowledged alarm is not annunciated, though it stays active until its cause clears.
/// - Silence (`silence(for:at:)`) pauses only the sound, for a bounded time (`max_silence`); the
///   lamp goes on flashing, nothing is acknowledged, and the sound returns when the silence ends
///   or when a new alarm of the silenced priority or higher is raised.
/// - Re-alert: an unacknowledged alarm's burst repeats at its priority's interval
///   (`AnnunciationSettings`), counted from when it began sounding (or the silence ended).
///
/// Nothing annunciating means no edges: an idle pump adds no wake-ups.
public struct AlarmAnnunciator: Sendable {
    public var settings: AnnunciationSettings
    /// The highest priority among unacknowledged active alarms; nil: nothing to annunciate.
    public private(set) var priority: AlarmPriority?
    /// Where the lamp's and the buzzer's patterns start; the buzzer's moves to a silence's end.
    public private(set) var lampOrigin = MonotonicInstant(nanoseconds: 0)
    public private(set) var buzzerOrigin = MonotonicInstant(nanoseconds: 0)
    /// The sound is paused until then (nil: not silenced).
    public private(set) var silencedUntil: MonotonicInstant?
    /// The priority sounding when the silence began: a new alarm at least as urgent breaks it.
    public private(set) var silencedPriority: AlarmPriority?
    /// A running alarm test's start.
    public private(set) var testStart: MonotonicInstant?
    /// Unacknowledged alarms already seen (kind → when raised), to tell a new one.
    private var known: [AlarmKind: CivilTime] = [:]

    public init(settings: AnnunciationSettings = AnnunciationSettings()) { self.settings = settings }

    /// What `observe` saw that the caller must act on.
    public struct Observation: Hashable, Sendable {
        /// A new alarm cut a running alarm test short.
        public var testInterrupted = false
        /// A new alarm ended a silence early.
        public var silenceBroken = false
    }

    /// Takes in the alarms live at `now`. Allocation-free unless the set of unacknowledged alarms
    /// changed (the control loop calls it at every wake).
    @discardableResult
    public mutating func observe(_ book: AlarmBook, at now: MonotonicInstant) -> Observation {
        var observation = Observation()
        var top: AlarmPriority?
        var newest: AlarmPriority?
        var count = 0
        for alarm in book.active.values where alarm.isActive && alarm.acknowledgedAt == nil {
            count += 1
            let priority = alarm.kind.priority
            if top.map({ priority > $0 }) ?? true { top = priority }
            if known[alarm.kind] != alarm.raisedAt, newest.map({ priority > $0 }) ?? true { newest = priority }
        }
        if newest != nil || count != known.count {
            known.removeAll(keepingCapacity: true)
            for alarm in book.active.values where alarm.isActive && alarm.acknowledgedAt == nil { known[alarm.kind] = alarm.raisedAt }
        }
        if let until = silencedUntil, now >= until {
            silencedUntil = nil
            silencedPriority = nil
        }
        if let newest {
            if testStart != nil {
                testStart = nil
                observation.testInterrupted = true
            }
            if let silenced = silencedPriority, newest >= silenced {
                silencedUntil = nil
                silencedPriority = nil
                observation.silenceBroken = true
            }
            // The new alarm announces itself at once when it is what sounds.
            if silencedUntil == nil, let top, newest >= top { buzzerOrigin = now }
        }
        if top != priority {
            priority = top
            lampOrigin = now
            if silencedUntil == nil { buzzerOrigin = now }
        }
        if top == nil {
            silencedUntil = nil
            silencedPriority = nil
        }
        return observation
    }

    /// Pauses the sound for `duration` from `now` (the lamp goes on); returns when it ends.
    ///
    /// - Throws: `.silenceOutOfRange` unless 0 < duration ≤ `max_silence`; `.nothingToSilence`
    ///   when no unacknowledged alarm annunciates. Nothing changes then.
    public mutating func silence(for duration: TimeSpan, at now: MonotonicInstant) throws(AnnunciationError) -> MonotonicInstant {
        guard duration > .zero, duration <= settings.maxSilence else {
            throw .silenceOutOfRange(asked: duration, longest: settings.maxSilence)
        }
        guard let priority else { throw .nothingToSilence }
        let until = now + duration
        silencedUntil = until
        silencedPriority = priority
        buzzerOrigin = until
        return until
    }

    /// Starts the alarm test's sequence (`AlarmTestPlan`) at `now`; returns when it ends. It
    /// overrides the alarms' own pattern until then, or until a new alarm interrupts it.
    ///
    /// - Throws: `.testRunning` while one runs.
    public mutating func startTest(at now: MonotonicInstant) throws(AnnunciationError) -> MonotonicInstant {
        if let start = testStart, now < start + AlarmTestPlan.length { throw .testRunning(remaining: start + AlarmTestPlan.length - now) }
        testStart = now
        return now + AlarmTestPlan.length
    }

    /// Whether a test's sequence has run to its end at `now` (then it is over: call `endTest`).
    public func testFinished(at now: MonotonicInstant) -> Bool {
        guard let start = testStart else { return false }
        return now >= start + AlarmTestPlan.length
    }

    public mutating func endTest() { testStart = nil }

    /// The outputs at `t`.
    public func levels(at t: MonotonicInstant) -> AnnunciatorLevels {
        if let start = testStart, t >= start { return AlarmTestPlan.levels(at: t - start) }
        guard let priority else { return .off }
        let pattern = AlarmSignalPattern.of(priority)
        var levels = pattern.lamp(lit: pattern.lampLit(at: t - lampOrigin))
        levels.buzzer = buzzerOffset(at: t, pattern).map(pattern.sounds(at:)) ?? false
        return levels
    }

    /// The first instant strictly after `t` at which an output changes (or a test ends); nil
    /// when none will without a new alarm.
    public func nextEdge(after t: MonotonicInstant) -> MonotonicInstant? {
        if let start = testStart, t >= start {
            return AlarmTestPlan.nextEdge(after: t - start).map { start + $0 } ?? start + AlarmTestPlan.length
        }
        guard let priority else { return nil }
        let pattern = AlarmSignalPattern.of(priority)
        var next = pattern.nextLampEdge(after: t - lampOrigin).map { lampOrigin + $0 }
        let buzzer: MonotonicInstant?
        if t < buzzerOrigin {
            buzzer = buzzerOrigin
        } else if let interval = settings.reAlert(priority) {
            let elapsed = (t - buzzerOrigin).nanoseconds
            let burstStart = buzzerOrigin + .nanoseconds(elapsed - elapsed % interval.nanoseconds)
            buzzer = burstStart + (pattern.nextBuzzerEdge(after: t - burstStart) ?? interval)
        } else {
            buzzer = pattern.nextBuzzerEdge(after: t - buzzerOrigin).map { buzzerOrigin + $0 }
        }
        if let buzzer { next = min(next ?? buzzer, buzzer) }
        return next
    }

    /// The offset into the current burst at `t`, or nil while the buzzer is paused or done.
    private func buzzerOffset(at t: MonotonicInstant, _ pattern: AlarmSignalPattern) -> TimeSpan? {
        guard t >= buzzerOrigin else { return nil }
        let elapsed = t - buzzerOrigin
        if let interval = settings.reAlert(pattern.priority) { return .nanoseconds(elapsed.nanoseconds % interval.nanoseconds) }
        return elapsed
    }
}
