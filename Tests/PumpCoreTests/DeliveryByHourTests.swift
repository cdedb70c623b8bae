import PumpCore
import Testing

/// Hourly delivery is booked by when steps were commanded, never by when a checkpoint saved them.
@Suite struct DeliveryByHourTests {
    typealias F = SessionFixtures
    static let hour = TimeSpan.hours(1)
    static func start(of reading: ClockReading) -> Int64 { DeliveryByHour.hourStart(of: reading.wall.unixNanoseconds) }

    /// The case: committed at 08:00 and run 90 min. One 250 nL step every 86.4 s: 41
    /// steps before 09:00 (the 41st at 59:02.4), 21 after (the 62nd at 89:16.8).
    @Test func ninetyMinutesFromEightAreSplitAtNine() throws {
        var session = F.session()
        let eight = F.at(.hours(8))
        try session.commit(F.prescription(), at: eight)
        #expect(session.runSteps(until: F.at(.hours(8) + .minutes(90))) == 62)
        let start = Self.start(of: eight)
        #expect(session.deliveredByHour.hours == [
            DeliveryByHour.Hour(start: start, volume: .nanolitres(41 * 250), mass: .nanograms(41 * 500)),
            DeliveryByHour.Hour(start: start + Self.hour.nanoseconds, volume: .nanolitres(21 * 250), mass: .nanograms(21 * 500)),
        ])
    }

    @Test func aWallClockSetBackBooksIntoTheEarlierHourAndDropsNothing() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.at(.hours(10)))
        session.runSteps(until: F.at(.hours(10) + .minutes(30)))
        let before = session.deliveredByHour.hours
        #expect(before.count == 1)
        // The wall clock is set back 80 min (10:30 → 09:10) while the monotonic clock runs on.
        var stepped = F.at(.hours(10) + .minutes(30))
        stepped.wall = stepped.wall + .minutes(-80)
        session.tick(at: stepped)
        session.runSteps(until: stepped.advanced(by: .minutes(70)))  // until 10:20 on the new wall clock
        let hours = session.deliveredByHour.hours
        #expect(hours.map(\.start) == [before[0].start - Self.hour.nanoseconds, before[0].start])
        #expect(hours[1].volume > before[0].volume)  // 10:00–10:20 after the step adds to 10:00–10:30 before it
        Self.expectSumsMatchLedger(session)
        // Today holds everything: nothing delivered before the step is dropped.
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        #expect(session.deliveredByHour.total(from: day.from, to: day.to).volume == Volume(nanolitres: session.ledger.position / 1_000))
    }

    @Test func todayIsTheLocalDayUnderTheOffsetInForce() {
        // 2026-11-16 23:30 UTC is 2026-11-17 00:30 at +01:00.
        let wall = CivilTime(unixNanoseconds: F.origin.wall.unixNanoseconds + (TimeSpan.hours(23) + .minutes(30)).nanoseconds, utcOffsetSeconds: 3600)
        let day = DeliveryByHour.localDay(of: wall)
        #expect(day.from == F.origin.wall.unixNanoseconds + TimeSpan.hours(23).nanoseconds)
        #expect(day.to - day.from == TimeSpan.day.nanoseconds)
        // Before 1970 too (floor, not truncation).
        let early = DeliveryByHour.localDay(of: CivilTime(unixNanoseconds: -1, utcOffsetSeconds: 0))
        #expect(early.from == -TimeSpan.day.nanoseconds)
    }

    /// The trailing hour and today count the same steps with the same exact mass: in the first
    /// hour of a day they are equal, later the trailing hour is never more.
    @Test func deliveredLastHourNeverExceedsDeliveredToday() throws {
        var session = F.session()
        try session.commit(F.prescription(dailyDose: 900), at: F.at(.minutes(10)))
        for minutes in stride(from: Int64(20), through: 600, by: 7) {
            session.runSteps(until: F.at(.minutes(minutes)))
            let day = DeliveryByHour.localDay(of: session.clock.wall)
            let today = session.deliveredByHour.total(from: day.from, to: day.to).mass
            #expect(session.ledger.recent.lastHour <= today)
            if minutes <= 60 { #expect(session.ledger.recent.lastHour == today) }
        }
    }

    /// Random wall-clock steps both ways, offset changes (DST), stops and runs: the hours always
    /// sum exactly to what the ledger counted, and each booking lands in the hour of its step.
    @Test(arguments: [UInt64(1), 7, 42, 1234, 99_991])
    func hourlySumsEqualDeliveredExactlyThroughClockSteps(seed: UInt64) throws {
        var random = XorShift(seed: seed)
        var session = F.session(fill: .millilitres(40))
        try session.commit(F.prescription(dailyDose: 950), at: F.origin)
        var reading = F.origin
        for _ in 0..<60 {
            reading = session.clock.advanced(by: .seconds(Int64(random.next() % 7_200)))
            switch random.next() % 5 {
            case 0: reading.wall = reading.wall + .seconds(Int64(random.next() % 20_000) - 10_000)  // stepped either way
            case 1: reading.wall.utcOffsetSeconds = [0, 3600, 7200, -18_000, 19_800][Int(random.next() % 5)]  // DST, travel, +05:30
            default: break
            }
            let before = session.deliveredByHour
            let position = session.ledger.position
            session.tick(at: reading)
            // Steps are booked to their own wall hour: run, then check the new bookings' hours.
            let end = reading.advanced(by: .seconds(Int64(random.next() % 3_600)))
            session.runSteps(until: end)
            for hour in session.deliveredByHour.hours where !before.hours.contains(hour) {
                #expect(hour.start >= DeliveryByHour.hourStart(of: reading.wall.unixNanoseconds))
                #expect(hour.start <= DeliveryByHour.hourStart(of: end.wall.unixNanoseconds))
            }
            #expect(session.ledger.position >= position)
            Self.expectSumsMatchLedger(session)
        }
    }

    static func expectSumsMatchLedger(_ session: TherapySession, sourceLocation: SourceLocation = #_sourceLocation) {
        let hours = session.deliveredByHour
        let total = hours.total(from: .min, to: .max)
        #expect(total.volume + hours.forgottenVolume == Volume(nanolitres: session.ledger.position / 1_000), sourceLocation: sourceLocation)
        #expect(total.mass + hours.forgottenMass == session.ledger.deliveredMass, sourceLocation: sourceLocation)
    }

    @Test func theEarliestHourIsForgottenBeyondCapacity() {
        var hours = DeliveryByHour()
        for index in Int64(0)..<Int64(DeliveryByHour.capacity + 3) {
            hours.book(volume: .nanolitres(1), mass: .nanograms(2), at: index * Self.hour.nanoseconds + 5)
        }
        #expect(hours.hours.count == DeliveryByHour.capacity)
        #expect(hours.hours.first?.start == 3 * Self.hour.nanoseconds)
        #expect(hours.forgottenVolume == .nanolitres(3) && hours.forgottenMass == .nanograms(6))
        hours.book(volume: .nanolitres(4), mass: .zero, at: 10 * Self.hour.nanoseconds)
        #expect(hours.hours.first { $0.start == 10 * Self.hour.nanoseconds }?.volume == .nanolitres(5))
    }
}

/// A small deterministic generator for property tests.
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

extension DeliveryByHourTests {
    /// A wall clock set back across midnight: today is the earlier date again, holding what that
    /// date delivered before and after the step; what was booked after midnight stays under the
    /// later date (counted when it is today again), never dropped and never counted twice.
    @Test func aStepBackAcrossMidnightKeepsEachDaysDeliveryUnderItsDate() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.at(.hours(23)))  // Monday 23:00 UTC
        session.runSteps(until: F.at(.hours(24) + .minutes(30)))  // Tuesday 00:30
        let tuesday = DeliveryByHour.localDay(of: session.clock.wall)
        let bookedTuesday = session.deliveredByHour.total(from: tuesday.from, to: tuesday.to)
        // Today at 00:30 is the 00:00 hour alone: Monday's 23:00 hour is not in it.
        #expect(bookedTuesday.volume == session.deliveredByHour.hours.last?.volume && session.deliveredByHour.hours.count == 2)
        var stepped = session.clock
        stepped.wall = stepped.wall + .hours(-1)  // back to Monday 23:30
        session.tick(at: stepped)
        session.runSteps(until: stepped.advanced(by: .minutes(20)))
        let monday = DeliveryByHour.localDay(of: session.clock.wall)
        #expect(monday.to == tuesday.from)
        #expect(session.deliveredByHour.total(from: tuesday.from, to: tuesday.to) == bookedTuesday)
        let both = session.deliveredByHour.total(from: monday.from, to: tuesday.to)
        #expect(both.volume == Volume(nanolitres: session.ledger.position / 1_000))
        #expect(session.deliveredByHour.total(from: monday.from, to: monday.to).volume > .nanolitres(0))
    }
}
