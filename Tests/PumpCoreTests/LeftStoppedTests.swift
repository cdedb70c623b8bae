import Foundation
import PumpCore
import Testing

/// A pump a person stopped and left stopped reminds people, and every stopped interval is
/// counted as missed whatever happened while it was stopped.
@Suite struct LeftStoppedTests {
    typealias F = SessionFixtures
    static let policy = TherapyPolicy(stoppedReminderAfter: .hours(4), stoppedReminderRepeat: .hours(2))

    func stoppedPump(at stop: TimeSpan = .hours(1)) throws -> TherapySession {
        var session = F.session()
        session.configure(library: nil, policy: Self.policy)
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(stop))
        session.stop(at: F.at(stop))
        _ = session.takeEvents()
        return session
    }

    func leftStoppedRaises(_ kinds: [TherapyEvent.Kind]) -> Int {
        kinds.filter { if case .alarmRaised(let alarm) = $0 { alarm.kind == .leftStopped } else { false } }.count
    }

    @Test func threeDaysStoppedWithPrimingInBetweenCountAllThreeDaysAsMissed() throws {
        var session = try stoppedPump(at: .hours(1))
        let missedBefore = session.ledger.missed
        // A day into the stop, a new catheter is primed; the pump stays stopped.
        try session.prime(newPath: true, at: F.at(.days(1)))
        session.runSteps(until: F.at(.days(1) + .hours(1)))
        #expect(session.mode == .stopped(.clinician))
        try session.resume(at: F.at(.hours(1) + .days(3)))
        // 3 days at 250 µL/day, the priming day included.
        #expect(session.ledger.missed - missedBefore == .microlitres(750))
        #expect(session.eventKinds().contains(.deliveryGap(duration: .days(3), missed: .microlitres(750))))
    }

    @Test func aProgramCommittedThatCannotStartIsRemindedOfAndItsTimeCountedMissed() throws {
        // The incomplete programming session: a program committed on a path never primed.
        var session = F.session(pathPrimed: false)
        session.configure(library: nil, policy: Self.policy)
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.mode == .stopped(.idle))
        session.runSteps(until: F.at(.hours(4) - .seconds(1)))
        #expect(leftStoppedRaises(session.eventKinds()) == 0)
        session.runSteps(until: F.at(.hours(4)))
        #expect(leftStoppedRaises(session.eventKinds()) == 1, "raised at the reminder time after the commit")
        try session.prime(newPath: false, at: F.at(.days(1)))
        session.runSteps(until: F.at(.days(2)))
        #expect(session.mode == .running)
        // The day from the commit to the start after priming was owed: 250 µL/day.
        #expect(session.ledger.missed >= .microlitres(250) && session.ledger.missed < .microlitres(275), "\(session.ledger.missed)")
    }

    @Test func theReminderIsRaisedAtTheReminderTimeAndNotBefore() throws {
        var session = try stoppedPump()
        #expect(session.nextStep() == .replanAt(F.at(.hours(5)).monotonic))
        session.tick(at: F.at(.hours(5) - .seconds(1)))
        #expect(session.alarms.active[.leftStopped] == nil)
        session.tick(at: F.at(.hours(5)))
        let alarm = try #require(session.alarms.active[.leftStopped])
        #expect(alarm.severity == .nonCritical)
        #expect(alarm.raisedAt == F.at(.hours(5)).wall)
        #expect(alarm.evidence.contains("4 h"))
        #expect(session.mode == .stopped(.clinician))
        #expect(session.nextStep() == .never)  // raised: nothing more to wake for until acknowledged
    }

    @Test func anAcknowledgedReminderIsRaisedAgainAfterTheRepeatWhileStillStopped() throws {
        var session = try stoppedPump()
        session.tick(at: F.at(.hours(5)))
        try session.acknowledgeAlarm(.leftStopped, at: F.at(.hours(6)))
        #expect(session.alarms.active[.leftStopped]?.acknowledgedAt == F.at(.hours(6)).wall)
        #expect(session.nextStep() == .replanAt(F.at(.hours(8)).monotonic))
        _ = session.takeEvents()
        session.tick(at: F.at(.hours(8) - .seconds(1)))
        #expect(leftStoppedRaises(session.eventKinds()) == 0)
        session.tick(at: F.at(.hours(8)))
        #expect(leftStoppedRaises(session.eventKinds()) == 1)
        #expect(session.alarms.active[.leftStopped]?.acknowledgedAt == nil)
        #expect(session.alarms.active[.leftStopped]?.raisedAt == F.at(.hours(8)).wall)
    }

    @Test func resumingClearsTheReminder() throws {
        var session = try stoppedPump()
        session.tick(at: F.at(.hours(5)))
        try session.resume(at: F.at(.hours(7)))
        #expect(session.alarms.active[.leftStopped] == nil)
        #expect(session.eventKinds().contains { if case .alarmCleared(let alarm) = $0 { alarm.kind == .leftStopped } else { false } })
        session.runSteps(until: F.at(.hours(20)))
        #expect(session.alarms.active[.leftStopped] == nil)
    }

    @Test func anAlarmStopRemindsOnlyOnceItsCriticalAlarmIsAcknowledged() throws {
        var session = F.session()
        session.configure(library: nil, policy: Self.policy)
        try session.commit(F.prescription(), at: F.origin)
        session.raiseAlarm(.occlusion, evidence: "switch closed", at: F.at(.hours(1)))
        session.tick(at: F.at(.hours(6)))
        #expect(session.alarms.active[.leftStopped] == nil)  // the occlusion alarm is what people see
        try session.acknowledgeAlarm(.occlusion, at: F.at(.hours(7)))
        #expect(session.alarms.active[.leftStopped] != nil)
    }

    @Test func aPumpNeverProgrammedOrRunningNeverReminds() throws {
        var idle = F.session()
        idle.configure(library: nil, policy: Self.policy)
        idle.tick(at: F.at(.days(2)))
        #expect(idle.alarms.active[.leftStopped] == nil)
        var running = F.session()
        running.configure(library: nil, policy: Self.policy)
        try running.commit(F.prescription(), at: F.origin)
        running.runSteps(until: F.at(.days(1)))
        #expect(running.alarms.active[.leftStopped] == nil)
    }

    @Test func theStopTimeAndTheAcknowledgementSurviveARestart() throws {
        var session = try stoppedPump()
        session.tick(at: F.at(.hours(5)))
        try session.acknowledgeAlarm(.leftStopped, at: F.at(.hours(6)))
        let checkpoint = try JSONDecoder().decode(TherapyCheckpoint.self, from: JSONEncoder().encode(session.checkpoint()))
        #expect(checkpoint == session.checkpoint())
        // Down for 30 min: the repeat is still 1 h 30 min away on the new clock.
        var restored = restore(checkpoint, outage: .minutes(30))
        #expect(restored.mode == .stopped(.clinician))
        #expect(restored.alarms.active[.leftStopped]?.acknowledgedAt != nil)
        #expect(restored.nextStep() == .replanAt(restored.clock.monotonic + .minutes(90)))
        _ = restored.takeEvents()
        restored.tick(at: restored.clock.advanced(by: .minutes(90)))
        #expect(leftStoppedRaises(restored.eventKinds()) == 1)
        // The gap at resume runs from the stop, 5 h before the checkpoint, across the outage.
        try restored.resume(at: restored.clock.advanced(by: .minutes(30)))
        #expect(restored.eventKinds().contains { if case .deliveryGap(.hours(7) + .minutes(30), _) = $0 { true } else { false } })
    }

    @Test func aStopNeverRemindedBeforeARestartIsRemindedAfterItOnTime() throws {
        let session = try stoppedPump()
        var restored = restore(session.checkpoint(), outage: .hours(2))
        #expect(restored.alarms.active[.leftStopped] == nil)
        #expect(restored.nextStep() == .replanAt(restored.clock.monotonic + .hours(2)))
        restored.tick(at: restored.clock.advanced(by: .hours(2)))
        #expect(restored.alarms.active[.leftStopped] != nil)
    }

    func restore(_ checkpoint: TherapyCheckpoint, outage: TimeSpan) -> TherapySession {
        let at = ClockReading(monotonic: MonotonicInstant(nanoseconds: 5_000_000_000), wall: CivilTime(
            unixNanoseconds: checkpoint.savedAtWall + outage.nanoseconds, utcOffsetSeconds: checkpoint.savedAtOffset))
        let restored = TherapySession.restoring(
            checkpoint, rig: F.rig, battery: F.battery, outage: outage, unrecordedStepsAtMost: 0, policy: Self.policy, at: at)
        return restored
    }
}
