import PumpStorage
import Testing

@Suite("Alarm history")
struct AlarmHistoryTests {
    @Test func alarmStaysOpenUntilBothClearedAndAcknowledged() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let id = try database.write { tx in
            try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 100, evidence: "p=150kPa")
        }
        #expect(try database.openAlarms().map(\.id) == [id])

        #expect(try database.write { tx in try tx.acknowledgeAlarm(kind: "occlusion", atWallNanoseconds: 200, by: Fixture.patient) } == id)
        let acknowledged = try #require(try database.openAlarms().first)
        #expect(acknowledged.acknowledgedAtWallNanoseconds == 200)
        #expect(acknowledged.acknowledgedBy == Fixture.patient)
        #expect(acknowledged.clearedAtWallNanoseconds == nil)
        #expect(acknowledged.isOpen)

        #expect(try database.write { tx in try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 300) } == id)
        #expect(try database.openAlarms().isEmpty)
        let history = try database.alarms(fromWallNanoseconds: 0, toWallNanoseconds: 1_000)
        #expect(
            history == [
                StoredAlarm(
                    id: id, kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 100, evidence: "p=150kPa",
                    clearedAtWallNanoseconds: 300, acknowledgedAtWallNanoseconds: 200, acknowledgedBy: Fixture.patient)
            ])
        #expect(history.first?.isOpen == false)
    }

    @Test func raisingAKindThatIsLiveReturnsItAndChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let first = try database.write { tx in
            try tx.raiseAlarm(kind: "lowBattery", severity: "warning", raisedAtWallNanoseconds: 10, evidence: "3.3 V")
        }
        let before = try database.openAlarms()
        let again = try database.write { tx in
            try tx.raiseAlarm(kind: "lowBattery", severity: "critical", raisedAtWallNanoseconds: 20, evidence: "3.0 V")
        }
        #expect(again == first)
        #expect(try database.openAlarms() == before)
    }

    /// A self-clearing alarm nobody acknowledged used to absorb every later raise of its kind.
    @Test func everyRaiseOfASelfClearingAlarmIsItsOwnRow() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        var ids: [Int64] = []
        for raise in Int64(0)..<3 {
            try database.write { tx in
                ids.append(try tx.raiseAlarm(kind: "lowBattery", severity: "warning", raisedAtWallNanoseconds: 10 * raise + 1, evidence: "\(raise)"))
                try tx.clearAlarm(kind: "lowBattery", atWallNanoseconds: 10 * raise + 5)
            }
        }
        #expect(Set(ids).count == 3)
        let history = try database.alarms(fromWallNanoseconds: 0, toWallNanoseconds: 100)
        #expect(history.map(\.evidence) == ["0", "1", "2"])
        #expect(history.map(\.clearedAtWallNanoseconds) == [5, 15, 25])
        #expect(history.allSatisfy { $0.acknowledgedAtWallNanoseconds == nil && !$0.isOpen })
        #expect(try database.openAlarms().isEmpty)
    }

    @Test func closedAlarmIsHistoryAndANewRaiseStartsAnotherRow() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let first = try database.write { tx in
            let id = try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 1, evidence: "a")
            try tx.acknowledgeAlarm(kind: "occlusion", atWallNanoseconds: 2, by: Fixture.clinician)
            try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 3)
            return id
        }
        let second = try database.write { tx in
            try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 4, evidence: "b")
        }
        #expect(second > first)
        #expect(try database.openAlarms().map(\.id) == [second])
        #expect(try database.alarms(fromWallNanoseconds: 0, toWallNanoseconds: 5).map(\.id) == [first, second])
        #expect(try database.alarms(fromWallNanoseconds: 4, toWallNanoseconds: 5).map(\.evidence) == ["b"])
    }

    @Test func clearingOrAcknowledgingTwiceOrWithNothingOpenChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        #expect(try database.write { tx in try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 1) } == nil)
        #expect(
            try database.write { tx in
                try tx.acknowledgeAlarm(kind: "occlusion", atWallNanoseconds: 1, by: Fixture.clinician)
            } == nil)
        try database.write { tx in
            // A critical alarm as the therapy core ends it: acknowledged, then cleared (inactive).
            try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 1, evidence: "")
            try tx.acknowledgeAlarm(kind: "occlusion", atWallNanoseconds: 2, by: Fixture.clinician)
            try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 3)
        }
        #expect(try database.write { tx in try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 9) } == nil)
        #expect(
            try database.write { tx in try tx.acknowledgeAlarm(kind: "occlusion", atWallNanoseconds: 9, by: Fixture.patient) }
                == nil)
        let alarm = try #require(try database.alarms(fromWallNanoseconds: 0, toWallNanoseconds: 10).first)
        #expect(alarm.clearedAtWallNanoseconds == 3)
        #expect(alarm.acknowledgedAtWallNanoseconds == 2)
        #expect(alarm.acknowledgedBy == Fixture.clinician)
    }

    @Test func openAlarmsOfDifferentKindsAreIndependent() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in
            try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: 1, evidence: "")
            try tx.raiseAlarm(kind: "lowReservoir", severity: "warning", raisedAtWallNanoseconds: 2, evidence: "")
            try tx.clearAlarm(kind: "occlusion", atWallNanoseconds: 3)
        }
        #expect(try database.openAlarms().map(\.kind) == ["lowReservoir"])
    }
}
