/// Which alarm outputs are on, and when they next change, after IEC 60601-1-8: the lamp shows the
/// highest-priority active alarm, the buzzer plays the highest-priority sounding one, each
/// pattern placed in time, with silence and the clinician's alarm test. Pure: time is a
/// parameter; the control loop drives the outputs from `levels(at:)` and wakes at `nextEdge(after:)`.
///
/// - Acknowledge (`AcknowledgeAlarm`) pauses an alarm's sound only: its lamp stays on while the
///   alarm is active (its cause lasts, or it is latched). A high-priority alarm whose cause
///   persists sounds again as unacknowledged `acknowledge_pause` after its latest acknowledgement,
///   until acknowledged again; a medium or low one stays quiet.
/// - Silence (`silence(for:at:)`) pauses only the sound, for a bounded time (`max_silence`); the
///   lamp goes on flashing, nothing is acknowledged, and the sound returns when the silence ends
///   or when a new alarm of the silenced priority or higher is raised (or one sounds again).
/// - Re-alert: a sounding alarm's burst repeats at its priority's interval
///   (`AnnunciationSettings`), counted from when it began sounding (or the silence ended).
///
/// Nothing active means no edges: an idle pump adds no wake-ups.
public struct AlarmAnnunciator: Sendable {
    public var settings: AnnunciationSettings {
        didSet { observed = nil }
    }
    /// The highest priority among active alarms, acknowledged or not: the lamp's pattern; nil:
    /// nothing to annunciate.
    public private(set) var priority: AlarmPriority?
    /// The highest priority among sounding alarms (unacknowledged, or acknowledged high whose
    /// pause is over): the buzzer's pattern; nil: the buzzer stays off.
    public private(set) var soundPriority: AlarmPriority?
    /// When the first acknowledged high-priority alarm still paused sounds again (nil: none).
    public private(set) var soundReturns: MonotonicInstant?
    /// Where the lamp's and the buzzer's patterns start; the buzzer's moves to a silence's end.
    public private(set) var lampOrigin = MonotonicInstant(nanoseconds: 0)
    public private(set) var buzzerOrigin = MonotonicInstant(nanoseconds: 0)
    /// The sound is paused until then (nil: not silenced).
    public private(set) var silencedUntil: MonotonicInstant?
    /// The priority sounding when the silence began: a new alarm at least as urgent breaks it.
    public private(set) var silencedPriority: AlarmPriority?
    /// A running alarm test's start.
    public private(set) var testStart: MonotonicInstant?
    /// Sounding alarms already seen (kind → when raised), to tell a new one.
    private var known: [AlarmKind: CivilTime] = [:]
    /// Acknowledged high-priority alarms' pauses, by kind.
    private var pauses: [AlarmKind: AcknowledgePause] = [:]
    /// The book the last full `observe` took in, and the span of time over which observing that
    /// same book again would change nothing (issue 13: while an alarm stands, the loop wakes at
    /// each lamp and buzzer edge, and walking the book at each cost ~6× a quiet day's work on the
    /// virtual clock).
    private var observed: Observed?
    /// Off: every `observe` walks the book (tests compare both, wake by wake).
    var keepsObservations = true

    /// What `observe` last took in: the book, from when, and the first instant after it at which
    /// the same book would read differently (a pause or a silence ending).
    private struct Observed: Sendable {
        var book: AlarmBook.Revision
        var from: MonotonicInstant
        var until: MonotonicInstant
    }

    /// One acknowledgement's pause in sound: which acknowledgement, and when the sound returns.
    private struct AcknowledgePause: Sendable {
        var acknowledgement: CivilTime
        var ends: MonotonicInstant
    }

    public init(settings: AnnunciationSettings = AnnunciationSettings()) { self.settings = settings }

    /// What `observe` saw that the caller must act on.
    public struct Observation: Hashable, Sendable {
        /// A new alarm cut a running alarm test short.
        public var testInterrupted = false
        /// A new alarm ended a silence early.
        public var silenceBroken = false
    }

    /// Takes in the alarms live at `now`; `wall` is the wall clock then, which places an
    /// acknowledgement made before a restart (without it an acknowledgement not seen yet counts
    /// from `now`). Allocation-free unless the set of sounding alarms or an acknowledgement
    /// changed (the control loop calls it at every wake). The observation must be acted on: a
    /// test it ended is reported only by the caller.
    public mutating func observe(_ book: AlarmBook, at now: MonotonicInstant, wall: CivilTime? = nil) -> Observation {
        // The same book, with no pause or silence ended since: a full walk would find every
        // acknowledgement already placed, the same alarms sounding and none new, so change nothing.
        if keepsObservations, let observed, observed.book === book.revision, now >= observed.from, now < observed.until {
            return Observation()
        }
        let observation = observeInFull(book, at: now, wall: wall)
        observed = Observed(book: book.revision, from: now, until: firstChange(after: now))
        return observation
    }

    /// The first instant after `now` at which observing an unchanged book can change something:
    /// an acknowledgement's pause or the silence ending.
    private func firstChange(after now: MonotonicInstant) -> MonotonicInstant {
        var first = silencedUntil ?? .distantFuture
        for pause in pauses.values where pause.ends > now { first = min(first, pause.ends) }
        return first
    }

    private mutating func observeInFull(_ book: AlarmBook, at now: MonotonicInstant, wall: CivilTime?) -> Observation {
        for alarm in book.active.values where alarm.isActive && alarm.kind.priority == .high {
            guard let acknowledged = alarm.lastAcknowledgedAt, pauses[alarm.kind]?.acknowledgement != acknowledged else { continue }
            let ago = wall.map { Self.sinceAcknowledgement(acknowledged, wall: $0, pause: settings.acknowledgePause) } ?? .zero
            pauses[alarm.kind] = AcknowledgePause(acknowledgement: acknowledged, ends: now - ago + settings.acknowledgePause)
        }
        var observation = Observation()
        var lampTop: AlarmPriority?
        var top: AlarmPriority?
        var newest: AlarmPriority?
        var returns: MonotonicInstant?
        var count = 0
        for alarm in book.active.values where alarm.isActive {
            let priority = alarm.kind.priority
            if lampTop.map({ priority > $0 }) ?? true { lampTop = priority }
            guard sounds(alarm, at: now) else {
                if let ends = pauses[alarm.kind]?.ends, alarm.acknowledgedAt != nil, priority == .high { returns = min(returns ?? ends, ends) }
                continue
            }
            count += 1
            if top.map({ priority > $0 }) ?? true { top = priority }
            if known[alarm.kind] != alarm.raisedAt, newest.map({ priority > $0 }) ?? true { newest = priority }
        }
        if newest != nil || count != known.count {
            known.removeAll(keepingCapacity: true)
            for alarm in book.active.values where alarm.isActive && sounds(alarm, at: now) { known[alarm.kind] = alarm.raisedAt }
        }
        soundReturns = returns
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
        if lampTop != priority {
            priority = lampTop
            lampOrigin = now
        }
        if top != soundPriority {
            soundPriority = top
            if silencedUntil == nil { buzzerOrigin = now }
        }
        if top == nil {
            silencedUntil = nil
            silencedPriority = nil
        }
        return observation
    }

    /// Whether `alarm` (active) sounds at `now`: unacknowledged, or high priority with its
    /// acknowledgement's pause over.
    private func sounds(_ alarm: Alarm, at now: MonotonicInstant) -> Bool {
        guard alarm.acknowledgedAt != nil else { return true }
        guard alarm.kind.priority == .high else { return false }
        return pauses[alarm.kind].map { now >= $0.ends } ?? true
    }

    /// An acknowledgement dated later than this by the wall clock cannot be placed: the clock went
    /// back (a rig without RTC or NTP restarting) and the pause is taken as over. Within it, a
    /// clock stepped back between the acknowledgement and the loop's next wake counts as now.
    public static let acknowledgementClockSkew = TimeSpan.seconds(2)

    /// Time since `acknowledged` by the wall clock, within 0…`pause`: a clock step never lengthens a
    /// pause beyond `pause` from now, and an acknowledgement from the future (beyond the skew)
    /// has used its pause up, so a restart loop on a clock that went back never keeps an alarm quiet.
    public static func sinceAcknowledgement(_ acknowledged: CivilTime, wall: CivilTime, pause: TimeSpan) -> TimeSpan {
        let (ago, overflow) = wall.unixNanoseconds.subtractingReportingOverflow(acknowledged.unixNanoseconds)
        if overflow { return pause }
        if ago < 0 { return ago >= -acknowledgementClockSkew.nanoseconds ? .zero : pause }
        return min(.nanoseconds(ago), pause)
    }

    /// Pauses the sound for `duration` from `now` (the lamp goes on); returns when it ends.
    ///
    /// - Throws: `.silenceOutOfRange` unless 0 < duration ≤ `max_silence`; `.nothingToSilence`
    ///   when no alarm sounds. Nothing changes then.
    public mutating func silence(for duration: TimeSpan, at now: MonotonicInstant) throws(AnnunciationError) -> MonotonicInstant {
        guard duration > .zero, duration <= settings.maxSilence else {
            throw .silenceOutOfRange(asked: duration, longest: settings.maxSilence)
        }
        guard let soundPriority else { throw .nothingToSilence }
        let until = now + duration
        observed = nil
        silencedUntil = until
        silencedPriority = soundPriority
        buzzerOrigin = until
        return until
    }

    /// Starts the alarm test's sequence (`AlarmTestPlan`) at `now`; returns when it ends. It
    /// overrides the alarms' own pattern until then, or until a new alarm interrupts it.
    ///
    /// - Throws: `.testRunning` while one runs.
    public mutating func startTest(at now: MonotonicInstant) throws(AnnunciationError) -> MonotonicInstant {
        if let start = testStart, now < start + AlarmTestPlan.length { throw .testRunning(remaining: start + AlarmTestPlan.length - now) }
        observed = nil
        testStart = now
        return now + AlarmTestPlan.length
    }

    /// Whether a test's sequence has run to its end at `now` (then it is over: call `endTest`).
    public func testFinished(at now: MonotonicInstant) -> Bool {
        guard let start = testStart else { return false }
        return now >= start + AlarmTestPlan.length
    }

    public mutating func endTest() {
        observed = nil
        testStart = nil
    }

    /// The outputs at `t`.
    public func levels(at t: MonotonicInstant) -> AnnunciatorLevels {
        if let start = testStart, t >= start { return AlarmTestPlan.levels(at: t - start) }
        guard let priority else { return .off }
        let pattern = AlarmSignalPattern.of(priority)
        var levels = pattern.lamp(lit: pattern.lampLit(at: t - lampOrigin))
        if let soundPriority {
            let sound = AlarmSignalPattern.of(soundPriority)
            levels.buzzer = buzzerOffset(at: t, sound).map(sound.sounds(at:)) ?? false
        }
        return levels
    }

    /// The first instant strictly after `t` at which an output changes (or a test ends, or an
    /// acknowledged alarm sounds again); nil when none will without a new alarm.
    public func nextEdge(after t: MonotonicInstant) -> MonotonicInstant? {
        if let start = testStart, t >= start {
            return AlarmTestPlan.nextEdge(after: t - start).map { start + $0 } ?? start + AlarmTestPlan.length
        }
        guard let priority else { return nil }
        let lamp = AlarmSignalPattern.of(priority)
        var next = lamp.nextLampEdge(after: t - lampOrigin).map { lampOrigin + $0 }
        if let returns = soundReturns, returns > t { next = min(next ?? returns, returns) }
        guard let soundPriority else { return next }
        let pattern = AlarmSignalPattern.of(soundPriority)
        let buzzer: MonotonicInstant?
        if t < buzzerOrigin {
            buzzer = buzzerOrigin
        } else if let interval = settings.reAlert(soundPriority) {
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
