import PumpCore
import Testing

@Suite struct AlarmBookTests {
    static let t0 = unitFixtureCivil(2026, 11, 21, 8, 0, utcOffsetSeconds: 3600)
    static func at(minutes: Int64) -> CivilTime { t0 + .minutes(minutes) }

    @Test func kindsHaveTheDocumentedSeverity() {
        for kind in [AlarmKind.occlusion, .motorStall, .driverFault, .reservoirEmpty, .batteryEndOfService, .overinfusionGuardTrip, .safetySensorFailure] {
            #expect(kind.severity == .critical, "\(kind)")
        }
        for kind in [AlarmKind.reservoirLow, .batteryElectiveReplacement, .sensorDegraded, .refillDiscrepancy] {
            #expect(kind.severity == .nonCritical, "\(kind)")
        }
        #expect(AlarmSeverity.nonCritical < .critical)
    }

    @Test func raisingReturnsTheNewAlarmWithItsEvidenceAndTime() {
        var book = AlarmBook()
        let alarm = book.raise(.occlusion, evidence: "pressure 1210 mmHg ≥ 1034 mmHg for 3 samples", at: Self.t0)
        #expect(alarm?.kind == .occlusion)
        #expect(alarm?.raisedAt == Self.t0)
        #expect(alarm?.evidence == "pressure 1210 mmHg ≥ 1034 mmHg for 3 samples")
        #expect(alarm?.causePresent == true)
        #expect(alarm?.isActive == true)
        #expect(book.activeAlarms.map(\.kind) == [.occlusion])
    }

    @Test func aOneOffRaiseOverALastingCauseKeepsTheCauseSoAcknowledgingDoesNotClearIt() throws {
        var book = AlarmBook()
        book.raise(.alarmSystemFailure, evidence: "buzzer sense read silent while driven on (3 checks in a row)", at: Self.t0, causeLasts: true)
        book.raise(.alarmSystemFailure, evidence: "alarm test: buzzer failed", at: Self.at(minutes: 1))  // one-off by kind
        #expect(book.active[.alarmSystemFailure]?.causePresent == true)
        try book.acknowledge(.alarmSystemFailure, at: Self.at(minutes: 2))
        #expect(book.active[.alarmSystemFailure]?.isActive == true)  // the buzzer is still dead
        book.causeCleared(.alarmSystemFailure, at: Self.at(minutes: 3))
        #expect(book.active[.alarmSystemFailure] == nil)
    }

    @Test func criticalAlarmStaysActiveUntilAcknowledgedAndCauseGoneCauseFirst() throws {
        var book = AlarmBook()
        book.raise(.occlusion, evidence: "occluded", at: Self.t0)
        #expect(book.blocksDelivery)

        #expect(book.causeCleared(.occlusion, at: Self.at(minutes: 1)) == nil)  // still latched
        #expect(book.blocksDelivery)
        #expect(book.activeAlarms.map(\.kind) == [.occlusion])
        #expect(book.active[.occlusion]?.causeClearedAt == Self.at(minutes: 1))

        let cleared = try book.acknowledge(.occlusion, at: Self.at(minutes: 2))
        #expect(cleared?.kind == .occlusion)
        #expect(cleared?.acknowledgedAt == Self.at(minutes: 2))
        #expect(cleared?.causeClearedAt == Self.at(minutes: 1))
        #expect(!book.blocksDelivery)
        #expect(book.activeAlarms.isEmpty)
    }

    @Test func criticalAlarmStaysActiveUntilAcknowledgedAndCauseGoneAcknowledgementFirst() throws {
        var book = AlarmBook()
        book.raise(.occlusion, evidence: "occlusion switch closed", at: Self.t0)

        #expect(try book.acknowledge(.occlusion, at: Self.at(minutes: 1)) == nil)  // cause still present
        #expect(book.blocksDelivery)
        #expect(book.active[.occlusion]?.acknowledgedAt == Self.at(minutes: 1))

        let cleared = book.causeCleared(.occlusion, at: Self.at(minutes: 5))
        #expect(cleared?.kind == .occlusion)
        #expect(cleared?.acknowledgedAt == Self.at(minutes: 1))
        #expect(!book.blocksDelivery)
        #expect(book.activeAlarms.isEmpty)
    }

    @Test func nonCriticalAlarmClearsWhenItsCauseClearsWithoutAcknowledgement() {
        var book = AlarmBook()
        book.raise(.reservoirLow, evidence: "1.900 mL ≤ 2.000 mL", at: Self.t0)
        #expect(!book.blocksDelivery)
        #expect(book.activeAlarms.map(\.kind) == [.reservoirLow])

        let cleared = book.causeCleared(.reservoirLow, at: Self.at(minutes: 10))
        #expect(cleared?.kind == .reservoirLow)
        #expect(cleared?.causeClearedAt == Self.at(minutes: 10))
        #expect(cleared?.acknowledgedAt == nil)
        #expect(book.activeAlarms.isEmpty)
    }

    @Test func acknowledgingANonCriticalAlarmWhoseCauseRemainsKeepsItActive() throws {
        var book = AlarmBook()
        book.raise(.sensorDegraded, evidence: "pressure sensor noisy", at: Self.t0)
        #expect(try book.acknowledge(.sensorDegraded, at: Self.at(minutes: 1)) == nil)
        #expect(book.activeAlarms.map(\.kind) == [.sensorDegraded])
    }

    @Test func blocksDeliveryOnlyWhileACriticalAlarmIsActive() throws {
        var book = AlarmBook()
        #expect(!book.blocksDelivery)
        book.raise(.batteryElectiveReplacement, evidence: "2590 mV", at: Self.t0)
        #expect(!book.blocksDelivery)
        book.raise(.reservoirEmpty, evidence: "0.500 mL", at: Self.at(minutes: 1))
        #expect(book.blocksDelivery)
        // Acknowledged but the reservoir is still empty: still blocked.
        try book.acknowledge(.reservoirEmpty, at: Self.at(minutes: 2))
        #expect(book.blocksDelivery)
        book.causeCleared(.reservoirEmpty, at: Self.at(minutes: 3))
        #expect(!book.blocksDelivery)
        #expect(book.activeAlarms.map(\.kind) == [.batteryElectiveReplacement])
    }

    @Test func activeAlarmsAreListedOldestFirst() {
        var book = AlarmBook()
        book.raise(.reservoirLow, evidence: "low", at: Self.at(minutes: 5))
        book.raise(.occlusion, evidence: "occluded", at: Self.at(minutes: 1))
        book.raise(.sensorDegraded, evidence: "noisy", at: Self.at(minutes: 3))
        #expect(book.activeAlarms.map(\.kind) == [.occlusion, .sensorDegraded, .reservoirLow])
    }

    @Test func acknowledgingAnAlarmThatIsNotRaisedThrowsNotRaised() {
        var book = AlarmBook()
        #expect(throws: AlarmError.notRaised(.occlusion)) {
            try book.acknowledge(.occlusion, at: Self.t0)
        }
        // Nor one that has already cleared.
        book.raise(.reservoirLow, evidence: "low", at: Self.t0)
        book.causeCleared(.reservoirLow, at: Self.at(minutes: 1))
        #expect(throws: AlarmError.notRaised(.reservoirLow)) {
            try book.acknowledge(.reservoirLow, at: Self.at(minutes: 2))
        }
        #expect(AlarmError.notRaised(.occlusion).description == "no active occlusion alarm to acknowledge")
    }

    @Test func causeClearedForAnAlarmThatIsNotRaisedReturnsNil() {
        var book = AlarmBook()
        #expect(book.causeCleared(.occlusion, at: Self.t0) == nil)
        #expect(book.activeAlarms.isEmpty)
    }

    @Test func reRaisingAnActiveAlarmReturnsNilAndKeepsTheFirstRaise() {
        var book = AlarmBook()
        book.raise(.occlusion, evidence: "first", at: Self.t0)
        #expect(book.raise(.occlusion, evidence: "second", at: Self.at(minutes: 1)) == nil)
        #expect(book.activeAlarms.count == 1)
        #expect(book.active[.occlusion]?.raisedAt == Self.t0)
        #expect(book.active[.occlusion]?.evidence == "first")
    }

    @Test func reRaisingALatchedAlarmWhoseCauseClearedRestoresTheCause() throws {
        var book = AlarmBook()
        book.raise(.occlusion, evidence: "occluded", at: Self.t0)
        book.causeCleared(.occlusion, at: Self.at(minutes: 1))
        #expect(book.raise(.occlusion, evidence: "occluded again", at: Self.at(minutes: 2)) == nil)
        #expect(book.active[.occlusion]?.causePresent == true)
        #expect(book.active[.occlusion]?.causeClearedAt == nil)
        // Acknowledging now no longer clears it: the cause is back.
        #expect(try book.acknowledge(.occlusion, at: Self.at(minutes: 3)) == nil)
        #expect(book.blocksDelivery)
    }

    @Test func raisingAgainAfterFullyClearingCreatesANewAlarm() throws {
        var book = AlarmBook()
        book.raise(.occlusion, evidence: "first", at: Self.t0)
        book.causeCleared(.occlusion, at: Self.at(minutes: 1))
        try book.acknowledge(.occlusion, at: Self.at(minutes: 2))
        let again = book.raise(.occlusion, evidence: "second", at: Self.at(minutes: 3))
        #expect(again?.raisedAt == Self.at(minutes: 3))
        #expect(again?.acknowledgedAt == nil)
        #expect(book.blocksDelivery)
    }

    @Test func overinfusionGuardTripClearsOnAcknowledgementAlone() throws {
        var book = AlarmBook()
        let raised = book.raise(.overinfusionGuardTrip, evidence: "3 steps beyond envelope", at: Self.t0)
        #expect(raised?.causePresent == false)
        #expect(raised?.causeClearedAt == Self.t0)
        #expect(book.blocksDelivery)  // critical: latched until acknowledged
        let cleared = try book.acknowledge(.overinfusionGuardTrip, at: Self.at(minutes: 1))
        #expect(cleared?.kind == .overinfusionGuardTrip)
        #expect(!book.blocksDelivery)
        #expect(book.activeAlarms.isEmpty)
    }

    @Test func motorStallClearsOnAcknowledgementAlone() throws {
        var book = AlarmBook()
        book.raise(.motorStall, evidence: "encoder 0 of 4 steps", at: Self.t0)
        #expect(book.blocksDelivery)
        #expect(try book.acknowledge(.motorStall, at: Self.at(minutes: 1))?.kind == .motorStall)
        #expect(!book.blocksDelivery)
    }

    @Test func refillDiscrepancyStaysActiveUntilAcknowledged() throws {
        // Its clear condition is "acknowledgement by a clinician": a non-critical one-off alarm must
        // be listed until a clinician acknowledges it, and acknowledging it must not throw.
        #expect(AlarmKind.refillDiscrepancy.clearCondition == "acknowledgement by a clinician")
        var book = AlarmBook()
        let raised = book.raise(.refillDiscrepancy, evidence: "withdrew 8.000 mL, expected 10.000 mL", at: Self.t0)
        #expect(raised?.isActive == true)
        #expect(book.activeAlarms.map(\.kind) == [.refillDiscrepancy])
        #expect(!book.blocksDelivery)
        let cleared = try book.acknowledge(.refillDiscrepancy, at: Self.at(minutes: 1))
        #expect(cleared?.kind == .refillDiscrepancy)
        #expect(book.activeAlarms.isEmpty)
    }

    /// The revision `AlarmAnnunciator.observe` compares to skip an unchanged book (issue 13).
    @Test func everyChangeRenewsTheRevisionAndACauseReportedAgainLeavesItAsItWas() throws {
        var book = AlarmBook()
        var revision = book.revision
        book.raise(.occlusion, evidence: "test", at: Self.t0)
        #expect(book.revision !== revision)
        revision = book.revision
        let copy = book
        #expect(copy.revision === revision)
        book.raise(.occlusion, evidence: "again", at: Self.at(minutes: 1))
        #expect(book.revision === revision)  // the cause was already present: nothing changed
        book.causeCleared(.occlusion, at: Self.at(minutes: 2))
        #expect(book.revision !== revision)  // latched, its cause gone
        revision = book.revision
        book.raise(.occlusion, evidence: "again", at: Self.at(minutes: 3))
        #expect(book.revision !== revision && book.active[.occlusion]?.causePresent == true)
        revision = book.revision
        try book.acknowledge(.occlusion, at: Self.at(minutes: 4))
        #expect(book.revision !== revision)
        revision = book.revision
        book.raiseAgain(.occlusion, evidence: "again", at: Self.at(minutes: 5))
        #expect(book.revision !== revision)
    }
}
