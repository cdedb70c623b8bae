@testable import PumpCore
import PumpTestKit
import Testing

/// `AlarmAnnunciator.observe` skips walking a book it has already taken in, until a pause or a
/// silence ends (issue 13: a standing alarm's wakes). The shortcut only skips what a full walk
/// would find unchanged: the same random histories of alarms raised, re-raised, acknowledged
/// (again), cleared, silenced and tested, observed at every output edge and at random instants
/// (across pause and silence ends), give with and without it, wake by wake, the same
/// observations, state, outputs and next edges.
@Suite struct ObservationKeptAcrossWakesTests {
    static let civil = unitFixtureCivil(2026, 11, 21, 8, 0, utcOffsetSeconds: 3600)
    static let t0 = MonotonicInstant(nanoseconds: 1_000_000_000_000)
    /// Short pauses and silences, so a history crosses many of their ends.
    static let settings = AnnunciationSettings(
        reAlertHigh: .seconds(10), reAlertMedium: .seconds(30), reAlertLow: nil, maxSilence: .seconds(40), acknowledgePause: .seconds(25))
    static let kinds: [AlarmKind] = [.occlusion, .reservoirEmpty, .reservoirLow, .sensorDegraded, .leftStopped, .refillDiscrepancy]

    struct Pair {
        var kept = AlarmAnnunciator(settings: ObservationKeptAcrossWakesTests.settings)
        var walked = AlarmAnnunciator(settings: ObservationKeptAcrossWakesTests.settings)

        init() { walked.keepsObservations = false }

        mutating func observe(_ book: AlarmBook, at now: MonotonicInstant, wall: CivilTime, _ label: String) {
            let a = kept.observe(book, at: now, wall: wall)
            let b = walked.observe(book, at: now, wall: wall)
            #expect(a == b, "observation \(label)")
            expectSame(at: now, label)
        }

        func expectSame(at now: MonotonicInstant, _ label: String) {
            #expect(kept.priority == walked.priority, "lamp priority \(label)")
            #expect(kept.soundPriority == walked.soundPriority, "sound priority \(label)")
            #expect(kept.soundReturns == walked.soundReturns, "sound returns \(label)")
            #expect(kept.lampOrigin == walked.lampOrigin, "lamp origin \(label)")
            #expect(kept.buzzerOrigin == walked.buzzerOrigin, "buzzer origin \(label)")
            #expect(kept.silencedUntil == walked.silencedUntil, "silenced until \(label)")
            #expect(kept.silencedPriority == walked.silencedPriority, "silenced priority \(label)")
            #expect(kept.testStart == walked.testStart, "test start \(label)")
            #expect(kept.levels(at: now) == walked.levels(at: now), "outputs \(label)")
            #expect(kept.nextEdge(after: now) == walked.nextEdge(after: now), "next edge \(label)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func keepingTheLastObservationChangesNoOutputEdgeOrStateWakeByWake(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var pair = Pair()
        var book = AlarmBook()
        var now = Self.t0
        var wall = Self.civil
        var kept = 0
        for wake in 0..<4_000 {
            let label = "seed \(seed) wake \(wake)"
            switch random.next() % 40 {
            case 0, 1:
                book.raise(Self.kinds.randomElement(using: &random)!, evidence: "test", at: wall)
            case 2:
                book.raiseAgain(Self.kinds.randomElement(using: &random)!, evidence: "again", at: wall)
            case 3, 4:
                if let kind = book.active.keys.randomElement(using: &random) { _ = try book.acknowledge(kind, at: wall) }
            case 5:
                book.causeCleared(Self.kinds.randomElement(using: &random)!, at: wall)
            case 6:
                // As `silenceAlarms` does: observe, then silence, at the same instant.
                pair.observe(book, at: now, wall: wall, label + " before silence")
                let span = TimeSpan.seconds(Int64(random.next() % 40) + 1)
                let a = Result { () throws(AnnunciationError) in try pair.kept.silence(for: span, at: now) }
                let b = Result { () throws(AnnunciationError) in try pair.walked.silence(for: span, at: now) }
                #expect(a == b, "silence \(label)")
            case 7:
                if pair.kept.testStart == nil {
                    #expect(try pair.kept.startTest(at: now) == pair.walked.startTest(at: now), "test \(label)")
                }
            default: break
            }
            if pair.kept.testFinished(at: now) {
                #expect(pair.walked.testFinished(at: now))
                pair.kept.endTest()
                pair.walked.endTest()
            }
            pair.observe(book, at: now, wall: wall, label)
            if pair.kept.keepsObservations, book.active.isEmpty == false { kept += 1 }
            // Mostly the next output edge (as the loop wakes while something annunciates), else a
            // random step that may cross a pause's or a silence's end.
            let step: TimeSpan
            if random.next() % 4 != 0, let edge = pair.kept.nextEdge(after: now) {
                step = edge - now
            } else {
                step = .milliseconds(Int64(random.next() % 30_000) + 1)
            }
            now = now + step
            wall = wall + step
        }
        #expect(kept > 1_000, "the histories mostly keep alarms standing (\(kept) wakes)")
    }

    @Test func aStandingAlarmsPauseAndSilenceEndAtTheirInstantWithTheBookUnchanged() throws {
        var book = AlarmBook()
        book.raise(.occlusion, evidence: "test", at: Self.civil)
        var annunciator = AlarmAnnunciator(settings: Self.settings)
        _ = annunciator.observe(book, at: Self.t0, wall: Self.civil)
        try book.acknowledge(.occlusion, at: Self.civil)
        _ = annunciator.observe(book, at: Self.t0, wall: Self.civil)
        #expect(annunciator.soundPriority == nil)
        let back = Self.t0 + Self.settings.acknowledgePause
        _ = annunciator.observe(book, at: back - .nanoseconds(1), wall: Self.civil)
        #expect(annunciator.soundPriority == nil && annunciator.soundReturns == back)
        _ = annunciator.observe(book, at: back, wall: Self.civil)
        #expect(annunciator.soundPriority == .high && annunciator.buzzerOrigin == back)
        let until = try annunciator.silence(for: .seconds(5), at: back)
        _ = annunciator.observe(book, at: until - .nanoseconds(1), wall: Self.civil)
        #expect(annunciator.silencedUntil == until)
        _ = annunciator.observe(book, at: until, wall: Self.civil)
        #expect(annunciator.silencedUntil == nil && annunciator.levels(at: until).buzzer)
    }
}
