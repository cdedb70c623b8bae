import PumpCore
import PumpStorage
import Testing
import Varlink

@testable import PumpService

/// Once the control loop has stopped (pumpd shutting down), a change is refused with
/// `LoopStopped`, saying so, and nothing is recorded as done.
@Suite struct LoopStoppedTests {
    static let clinician = PumpInterface.Caller(actor: ChangeActor(uid: 1000, pid: 42, role: "clinician"), role: .programmer)

    @Test func aSessionChangeAfterTheLoopStoppedIsRefusedAsLoopStoppedAndNotRecorded() async throws {
        let (service, runner, _) = try await ApplyReloadTests().running()
        runner.stop()
        let before = try service.keeper.database.events().count
        let interface = PumpInterface(service: service)
        let refusal = await #expect(throws: VarlinkError.self) {
            _ = try await interface.change(by: Self.clinician) { session, now in session.mode }
        }
        #expect(refusal?.name == "io.pumpd.Pump.LoopStopped")
        #expect("\(refusal?.parameters ?? [:])".contains("pumpd is shutting down"), "\(String(describing: refusal))")
        #expect(try service.keeper.database.events().count == before)
    }

    @Test func anAlarmCallAfterTheLoopStoppedIsLoopStoppedNotNoAlarmOutputs() async throws {
        let (service, runner, _) = try await ApplyReloadTests().running()
        runner.stop()
        let interface = PumpInterface(service: service)
        let refusal = await #expect(throws: VarlinkError.self) {
            _ = try await interface.cycleChange(by: Self.clinician) { cycle, now in cycle.annunciation.alarmTestsFinished }
        }
        #expect(refusal?.name == "io.pumpd.Pump.LoopStopped")
    }
}
