import PumpCore
import PumpStorage
import Synchronization
import Testing
import Varlink

@testable import PumpControl
@testable import PumpService

/// The alarm test's audit names the caller who started that test, however late its event is
/// recorded and whoever has called TestAlarms since.
@Suite struct AlarmTestActorTests {
    static let alice = PumpInterface.Caller(actor: ChangeActor(uid: 1001, pid: 11, role: "clinician"), role: .programmer)
    static let bob = PumpInterface.Caller(actor: ChangeActor(uid: 1002, pid: 22, role: "clinician"), role: .programmer)

    @Test func anAlarmTestRecordedAfterAnotherCallerStartedTheNextIsAuditedAsItsOwnStarters() async throws {
        let made = Mutex<[TherapyEvent]>([])
        let (service, runner, _) = try await ApplyReloadTests().running(onEvents: { events in made.withLock { $0 += events } })
        let interface = PumpInterface(service: service)
        _ = try await interface.startAlarmTest(by: Self.alice)
        runner.advance(by: .seconds(10))  // alice's test ends; its event waits to be recorded
        let alicesTest = made.withLock { $0.filter { if case .alarmTest = $0.kind { true } else { false } } }
        #expect(alicesTest.count == 1)
        _ = try await interface.startAlarmTest(by: Self.bob)
        await service.persistLoopEvents(alicesTest)
        let recorded = try service.keeper.database.events().filter { $0.kind == "alarmTest" }
        #expect(recorded.map(\.actor) == [Self.alice.actor])
    }

    @Test func anAlarmTestCutShortInsideAnotherCallersChangeIsAuditedAsItsStarters() async throws {
        let (service, runner, _) = try await ApplyReloadTests().running()
        let interface = PumpInterface(service: service)
        _ = try await interface.startAlarmTest(by: Self.alice)
        runner.advance(by: .seconds(1))
        // Bob's change is the first to see a new alarm (here raised in the same change, as a
        // change that raises one or a pause ending just before the loop's wake would be): his
        // silence ends alice's test, and its event comes out of his change.
        let silenced = try await interface.cycleChange(by: Self.bob) { (cycle, now) throws(VarlinkError) -> Bool in
            cycle.session.raiseAlarm(.occlusion, evidence: "test", at: now)
            return (try? cycle.silenceAlarms(for: .minutes(1), at: now)) != nil
        }
        #expect(silenced.0)
        let events = try service.keeper.database.events()
        let test = try #require(events.first { $0.kind == "alarmTest" })
        #expect(test.actor == Self.alice.actor)
        #expect(events.contains { $0.kind == "alarmsSilenced" && $0.actor == Self.bob.actor })
    }
}
