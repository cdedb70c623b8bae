import PumpCore
import Testing

/// The annunciator's outputs and edges at exact instants: a pattern per priority, re-alert,
/// silence and acknowledgement (the lamp stays, the sound pauses; a lasting critical alarm's
/// sound returns after the acknowledge pause).
@Suite struct AlarmAnnunciatorTests {
    static let civil = unitFixtureCivil(2026, 11, 21, 8, 0, utcOffsetSeconds: 3600)
    static let t0 = MonotonicInstant(nanoseconds: 1_000_000_000_000)
    static func ms(_ value: Int64) -> MonotonicInstant { t0 + .milliseconds(value) }

    static func book(_ kinds: AlarmKind..., at time: CivilTime = civil) -> AlarmBook {
        var book = AlarmBook()
        for kind in kinds { book.raise(kind, evidence: "test", at: time) }
        return book
    }

    /// Every edge from `start` for `span`: (offset in ms, levels after it).
    static func edges(_ annunciator: AlarmAnnunciator, from start: MonotonicInstant, for span: TimeSpan) -> [(Int64, AnnunciatorLevels)] {
        var result: [(Int64, AnnunciatorLevels)] = []
        var t = start
        while let next = annunciator.nextEdge(after: t), next <= start + span {
            result.append(((next - start).nanoseconds / 1_000_000, annunciator.levels(at: next)))
            t = next
        }
        return result
    }

    static func buzzerOnsets(_ annunciator: AlarmAnnunciator, from start: MonotonicInstant, for span: TimeSpan) -> [Int64] {
        var onsets: [Int64] = []
        if annunciator.levels(at: start).buzzer { onsets.append(0) }
        var previous = annunciator.levels(at: start).buzzer
        for (offset, levels) in edges(annunciator, from: start, for: span) {
            if levels.buzzer && !previous { onsets.append(offset) }
            previous = levels.buzzer
        }
        return onsets
    }

    @Test func everyCriticalKindIsHighAndTheSwitchAndDegradedSensorAreLow() {
        for kind in AlarmKind.allCases {
            let expected: AlarmPriority =
                kind.severity == .critical ? .high : (kind == .sensorDegraded || kind == .reservoirSwitchLow) ? .low : .medium
            #expect(kind.priority == expected, "\(kind)")
        }
        #expect(AlarmKind.alarmSystemFailure.severity == .nonCritical)
        #expect(AlarmKind.alarmSystemFailure.needsClinicianAcknowledgement)
        #expect(AlarmPriority.low < .medium && AlarmPriority.medium < .high)
    }

    @Test func highPriorityIsTenPulsesThreePlusTwoTwiceRepeatingEveryTenSeconds() {
        var annunciator = AlarmAnnunciator()
        _ = annunciator.observe(Self.book(.occlusion), at: Self.t0)
        #expect(annunciator.priority == .high)
        let burst: [Int64] = [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250]
        #expect(Self.buzzerOnsets(annunciator, from: Self.t0, for: .milliseconds(20_000)) == burst + burst.map { $0 + 10_000 } + [20_000])
        // Each pulse sounds 150 ms.
        #expect(annunciator.levels(at: Self.ms(149)).buzzer)
        #expect(!annunciator.levels(at: Self.ms(150)).buzzer)
        #expect(!annunciator.levels(at: Self.ms(3_400)).buzzer)
    }

    @Test func highPriorityFlashesRedAtTwoHertzAndNeverYellow() {
        var annunciator = AlarmAnnunciator()
        _ = annunciator.observe(Self.book(.motorStall), at: Self.t0)
        // Red changes every 250 ms: lit 0–250, dark 250–500, …
        var red = true
        var redChanges: [Int64] = []
        for (offset, levels) in Self.edges(annunciator, from: Self.t0, for: .seconds(2)) where levels.red != red {
            red = levels.red
            redChanges.append(offset)
        }
        #expect(annunciator.levels(at: Self.t0).red)
        #expect(!annunciator.levels(at: Self.ms(250)).red)
        #expect(annunciator.levels(at: Self.ms(500)).red)
        #expect(redChanges == [250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000])
        #expect(!Self.edges(annunciator, from: Self.t0, for: .seconds(12)).contains { $0.1.yellow })
    }

    @Test func mediumPriorityIsThreePulsesReAlertingHourlyWithYellowFlashingAtHalfAHertz() {
        var annunciator = AlarmAnnunciator()
        _ = annunciator.observe(Self.book(.reservoirLow), at: Self.t0)
        #expect(annunciator.priority == .medium)
        #expect(Self.buzzerOnsets(annunciator, from: Self.t0, for: .seconds(5)) == [0, 325, 650])
        #expect(!annunciator.levels(at: Self.ms(850)).buzzer)
        #expect(annunciator.levels(at: Self.ms(999)).yellow && !annunciator.levels(at: Self.ms(1_000)).yellow)
        #expect(annunciator.levels(at: Self.ms(2_000)).yellow && !annunciator.levels(at: Self.ms(2_000)).red)
        // Silent until the hour, then the same burst again.
        let hour = Self.t0 + .hours(1)
        #expect(!annunciator.levels(at: hour - .milliseconds(1)).buzzer)
        #expect(Self.buzzerOnsets(annunciator, from: hour, for: .seconds(1)) == [0, 325, 650])
        #expect(annunciator.nextEdge(after: Self.ms(850))! == Self.ms(1_000))  // the lamp, not the buzzer
    }

    @Test func lowPrioritySoundsOncePulseAndLightsYellowSteadilyWithNoFurtherWakeUps() {
        var annunciator = AlarmAnnunciator()
        _ = annunciator.observe(Self.book(.sensorDegraded), at: Self.t0)
        #expect(annunciator.priority == .low)
        #expect(annunciator.levels(at: Self.t0) == AnnunciatorLevels(buzzer: true, yellow: true))
        #expect(annunciator.nextEdge(after: Self.t0) == Self.ms(250))
        #expect(annunciator.levels(at: Self.ms(250)) == AnnunciatorLevels(yellow: true))
        #expect(annunciator.nextEdge(after: Self.ms(250)) == nil)
    }

    @Test func lowPriorityReAlertsOnlyWhenTheProfileSetsAnInterval() {
        var annunciator = AlarmAnnunciator(settings: AnnunciationSettings(reAlertLow: .hours(4)))
        _ = annunciator.observe(Self.book(.reservoirSwitchLow), at: Self.t0)
        #expect(annunciator.nextEdge(after: Self.ms(250)) == Self.t0 + .hours(4))
    }

    @Test func nothingAnnunciatingMeansNoEdgesAndEverythingOff() {
        var annunciator = AlarmAnnunciator()
        _ = annunciator.observe(AlarmBook(), at: Self.t0)
        #expect(annunciator.nextEdge(after: Self.t0) == nil)
        #expect(annunciator.levels(at: Self.t0) == .off)
    }

    @Test func theHighestActiveAlarmChoosesTheLampAndTheHighestUnacknowledgedOneTheSound() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.reservoirLow, .occlusion)
        _ = annunciator.observe(book, at: Self.t0)
        #expect(annunciator.priority == .high && annunciator.soundPriority == .high)
        try book.acknowledge(.occlusion, at: Self.civil)
        _ = annunciator.observe(book, at: Self.ms(5_000))
        #expect(annunciator.priority == .high)  // the occlusion is still there: red goes on flashing
        #expect(annunciator.soundPriority == .medium)
        #expect(Self.buzzerOnsets(annunciator, from: Self.ms(5_000), for: .seconds(1)) == [0, 325, 650])
        let lamps = Self.edges(annunciator, from: Self.ms(5_000), for: .seconds(2)).map(\.1)
        #expect(lamps.contains { $0.red } && !lamps.contains { $0.yellow })
    }

    @Test func acknowledgedCriticalAlarmKeepsLampLitWhileCauseLasts() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.occlusion)
        _ = annunciator.observe(book, at: Self.t0)
        try book.acknowledge(.occlusion, at: Self.civil + .milliseconds(100))
        #expect(book.active[.occlusion]?.isActive == true)  // the line is still blocked
        _ = annunciator.observe(book, at: Self.ms(100), wall: Self.civil + .milliseconds(100))
        #expect(annunciator.priority == .high && annunciator.soundPriority == nil)
        let quiet = Self.edges(annunciator, from: Self.ms(100), for: .minutes(15) - .milliseconds(1))
        #expect(!quiet.contains { $0.1.buzzer })
        #expect(quiet.filter { $0.1.red }.count > 1_000)  // 2 Hz for 15 min
        #expect(annunciator.levels(at: Self.ms(100)).red)
    }

    @Test func acknowledgedCriticalAlarmWhoseCauseLastsSoundsAgainAfterTheAcknowledgePauseUntilAcknowledgedAgain() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.occlusion)
        _ = annunciator.observe(book, at: Self.t0, wall: Self.civil)
        try book.acknowledge(.occlusion, at: Self.civil + .seconds(1))
        _ = annunciator.observe(book, at: Self.ms(1_000), wall: Self.civil + .seconds(1))
        let back = Self.ms(1_000) + .minutes(15)
        #expect(annunciator.soundReturns == back)
        #expect(annunciator.nextEdge(after: back - .milliseconds(100)) == back)
        _ = annunciator.observe(book, at: back, wall: Self.civil + .seconds(1) + .minutes(15))
        #expect(annunciator.soundPriority == .high && annunciator.soundReturns == nil)
        let burst: [Int64] = [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250]
        #expect(Self.buzzerOnsets(annunciator, from: back, for: .seconds(12)) == burst + burst.prefix(6).map { $0 + 10_000 })
        // Acknowledged again 5 s later: quiet for another pause from then.
        let again = back + .seconds(5)
        try book.acknowledge(.occlusion, at: Self.civil + .seconds(1) + .minutes(15) + .seconds(5))
        _ = annunciator.observe(book, at: again, wall: Self.civil + .seconds(1) + .minutes(15) + .seconds(5))
        #expect(annunciator.soundPriority == nil && annunciator.soundReturns == again + .minutes(15))
        #expect(!annunciator.levels(at: again + .seconds(10)).buzzer)
        #expect(book.active[.occlusion]?.acknowledgedAt == Self.civil + .seconds(1))  // the history keeps the first
    }

    @Test func anAcknowledgementMadeBeforeARestartPausesTheSoundOnlyForWhatIsLeftOfItsPause() throws {
        var book = Self.book(.occlusion)
        try book.acknowledge(.occlusion, at: Self.civil)
        // A fresh annunciator (a restart) 10 min after the acknowledgement: 5 min left.
        var restarted = AlarmAnnunciator()
        _ = restarted.observe(book, at: Self.t0, wall: Self.civil + .minutes(10))
        #expect(restarted.soundReturns == Self.t0 + .minutes(5))
        // Down longer than the pause: it sounds at once.
        var late = AlarmAnnunciator()
        _ = late.observe(book, at: Self.t0, wall: Self.civil + .hours(2))
        #expect(late.soundPriority == .high && late.levels(at: Self.t0).buzzer)
    }

    @Test func anAcknowledgementDatedAfterTheWallClockAtARestartHasUsedItsPauseUp() throws {
        // A rig without RTC or NTP restarting with its clock behind the acknowledgement: a restart
        // loop must not keep an acknowledged occlusion quiet by granting a full pause each time.
        var book = Self.book(.occlusion)
        try book.acknowledge(.occlusion, at: Self.civil)
        var stepped = AlarmAnnunciator()
        _ = stepped.observe(book, at: Self.t0, wall: Self.civil + (TimeSpan.zero - .hours(1)))
        #expect(stepped.soundPriority == .high && stepped.levels(at: Self.t0).buzzer)
        #expect(stepped.soundReturns == nil)
        // A clock stepped back by no more than the skew between the acknowledgement and the next
        // wake counts as now: the full pause.
        var skewed = AlarmAnnunciator()
        _ = skewed.observe(book, at: Self.t0, wall: Self.civil + (TimeSpan.zero - .seconds(1)))
        #expect(skewed.soundReturns == Self.t0 + .minutes(15) && !skewed.levels(at: Self.t0).buzzer)
    }

    @Test func anAcknowledgementTimeNearTheEndsOfTheClockNeitherTrapsNorLengthensThePause() {
        let pause = TimeSpan.minutes(15)
        let far = CivilTime(unixNanoseconds: .max), early = CivilTime(unixNanoseconds: .min)
        #expect(AlarmAnnunciator.sinceAcknowledgement(far, wall: early, pause: pause) == pause)
        #expect(AlarmAnnunciator.sinceAcknowledgement(early, wall: far, pause: pause) == pause)
    }

    @Test func anAcknowledgedMediumAlarmWhoseCauseLastsStaysLitAndQuiet() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.reservoirLow)
        _ = annunciator.observe(book, at: Self.t0)
        try book.acknowledge(.reservoirLow, at: Self.civil)
        _ = annunciator.observe(book, at: Self.ms(100), wall: Self.civil)
        #expect(annunciator.priority == .medium && annunciator.soundPriority == nil && annunciator.soundReturns == nil)
        #expect(!Self.edges(annunciator, from: Self.ms(100), for: .hours(2)).contains { $0.1.buzzer })
        #expect(annunciator.levels(at: Self.ms(100) + .hours(2)).yellow)
        #expect(throws: AnnunciationError.nothingToSilence) { try annunciator.silence(for: .minutes(1), at: Self.ms(200)) }
    }

    @Test func acknowledgingACriticalAlarmWhoseCauseClearedEndsItsSoundAndLight() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.occlusion)
        _ = annunciator.observe(book, at: Self.t0)
        book.causeCleared(.occlusion, at: Self.civil + .seconds(1))
        try book.acknowledge(.occlusion, at: Self.civil + .seconds(2))
        _ = annunciator.observe(book, at: Self.ms(2_000))
        #expect(annunciator.levels(at: Self.ms(2_000)) == .off)
        #expect(annunciator.nextEdge(after: Self.ms(2_000)) == nil)
    }

    @Test func silencePausesTheSoundButNotTheLampAndEndsOnItsOwn() throws {
        var annunciator = AlarmAnnunciator()
        let book = Self.book(.occlusion)
        _ = annunciator.observe(book, at: Self.t0)
        let until = try annunciator.silence(for: .minutes(1), at: Self.ms(100))
        #expect(until == Self.ms(60_100))
        let silenced = Self.edges(annunciator, from: Self.ms(100), for: .milliseconds(59_999))
        #expect(!silenced.contains { $0.1.buzzer })
        #expect(silenced.contains { $0.1.red })  // the lamp goes on flashing
        #expect(annunciator.nextEdge(after: Self.ms(60_000)) == Self.ms(60_100) || annunciator.levels(at: Self.ms(60_100)).buzzer)
        _ = annunciator.observe(book, at: Self.ms(60_100))
        #expect(annunciator.levels(at: Self.ms(60_100)).buzzer)
        #expect(annunciator.silencedUntil == nil)
        #expect(book.active[.occlusion]?.acknowledgedAt == nil)  // nothing was acknowledged
    }

    @Test func silenceIsBoundedByTheLongestSilenceAndRefusedWhenNothingSounds() {
        var annunciator = AlarmAnnunciator(settings: AnnunciationSettings(maxSilence: .minutes(2)))
        #expect(throws: AnnunciationError.nothingToSilence) { try annunciator.silence(for: .minutes(1), at: Self.t0) }
        _ = annunciator.observe(Self.book(.occlusion), at: Self.t0)
        #expect(throws: AnnunciationError.silenceOutOfRange(asked: .minutes(3), longest: .minutes(2))) {
            try annunciator.silence(for: .minutes(3), at: Self.t0)
        }
        #expect(throws: AnnunciationError.silenceOutOfRange(asked: .zero, longest: .minutes(2))) { try annunciator.silence(for: .zero, at: Self.t0) }
        #expect(annunciator.silencedUntil == nil)
    }

    @Test func aNewAlarmOfEqualOrHigherPriorityBreaksTheSilenceAtOnce() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.reservoirLow)
        _ = annunciator.observe(book, at: Self.t0)
        _ = try annunciator.silence(for: .minutes(2), at: Self.ms(1_000))
        book.raise(.occlusion, evidence: "switch", at: Self.civil + .seconds(5))
        let seen = annunciator.observe(book, at: Self.ms(5_000))
        #expect(seen.silenceBroken)
        #expect(annunciator.silencedUntil == nil)
        #expect(annunciator.levels(at: Self.ms(5_000)) == AnnunciatorLevels(buzzer: true, red: true))
    }

    @Test func aNewLowerPriorityAlarmLeavesTheSilenceInPlace() throws {
        var annunciator = AlarmAnnunciator()
        var book = Self.book(.occlusion)
        _ = annunciator.observe(book, at: Self.t0)
        _ = try annunciator.silence(for: .minutes(2), at: Self.ms(1_000))
        book.raise(.reservoirLow, evidence: "low", at: Self.civil + .seconds(5))
        let seen = annunciator.observe(book, at: Self.ms(5_000))
        #expect(!seen.silenceBroken)
        #expect(annunciator.silencedUntil == Self.ms(121_000))
        #expect(!annunciator.levels(at: Self.ms(5_000)).buzzer)
    }

    @Test func theAlarmTestPlaysHighMediumAndLowInSixAndAHalfSeconds() throws {
        var annunciator = AlarmAnnunciator()
        _ = annunciator.observe(AlarmBook(), at: Self.t0)
        let end = try annunciator.startTest(at: Self.t0)
        #expect(end == Self.ms(6_500))
        #expect(throws: AnnunciationError.testRunning(remaining: .milliseconds(6_000))) { try annunciator.startTest(at: Self.ms(500)) }
        let onsets = Self.buzzerOnsets(annunciator, from: Self.t0, for: .milliseconds(6_499))
        #expect(onsets == [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250, 4_000, 4_325, 4_650, 5_500])
        #expect(onsets.count == AlarmTestPlan.pulses)
        #expect(annunciator.levels(at: Self.ms(100)).red && !annunciator.levels(at: Self.ms(100)).yellow)
        #expect(annunciator.levels(at: Self.ms(4_100)).yellow)
        #expect(annunciator.levels(at: Self.ms(6_000)) == AnnunciatorLevels(yellow: true))
        #expect(annunciator.nextEdge(after: Self.ms(6_000)) == Self.ms(6_500))
        #expect(annunciator.testFinished(at: Self.ms(6_500)))
    }
}
