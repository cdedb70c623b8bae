import Foundation
import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpProfile
import PumpStorage
import PumpWire
import Testing
import Varlink
import VarlinkCodable
import VarlinkServer

@testable import PumpService

/// GetStatus answered on the connection's event loop (`answerAtOnce`, issue 13): from the session
/// the loop published, without a task or a loop hop, with the same role checks and the same reply
/// as `handle` gives.
@Suite struct StatusAtOnceTests {
    static let getStatus = VarlinkCall(method: "io.pumpd.Pump.GetStatus")
    static let daemon = PeerCredentials(pid: 7, uid: getuid(), gid: getgid())
    static let programmer = PumpInterface.Caller(actor: ChangeActor(uid: getuid(), pid: 7, role: "programmer"), role: .programmer)

    /// The `status` of an answer given at once; nil when it was not given at once.
    static func status(_ answer: VarlinkImmediateAnswer?) throws -> JSONValue? {
        guard case .encoded(let bytes) = answer else { return nil }
        return try VarlinkReply.decode(bytes).parameters["status"]
    }

    @Test func getStatusIsAnsweredAtOnceWithoutTheLoopAndAsTheTaskWouldAnswerIt() async throws {
        let (virtual, runner, service) = try await StatusReadTests.service()
        let interface = PumpInterface(service: service)
        virtual.advance(by: .hours(2))
        let viaTask = await interface.status(for: Self.programmer)  // reads today's history
        let calls = runner.loopCalls.load(ordering: .relaxed)
        let atOnce = try Self.status(interface.answerAtOnce(Self.getStatus, from: Self.daemon))
        #expect(atOnce == viaTask)
        #expect(atOnce?["callerRole"]?.stringValue == AccessRole.programmer.apiName)
        #expect(atOnce?["time"]?.stringValue == virtual.sessions.latest!.session.clock.wall.description)
        #expect(runner.loopCalls.load(ordering: .relaxed) == calls, "nothing ran on the loop")
        // The same bytes again while nothing moved: encoded once.
        guard case .encoded(let first) = interface.answerAtOnce(Self.getStatus, from: Self.daemon),
            case .encoded(let second) = interface.answerAtOnce(Self.getStatus, from: Self.daemon)
        else {
            Issue.record("not answered at once")
            return
        }
        #expect(first == second)
    }

    /// pumpd pays the first reply's one-time costs on a stand-in session before its own exists.
    @Test func warmingUpTheStatusReplyOnAStandInChangesNoReply() async throws {
        let (virtual, _, service) = try await StatusReadTests.service()
        let interface = PumpInterface(service: service)
        let before = await interface.status(for: Self.programmer)
        var stub = virtual.sessions.latest!.session
        stub.raiseAlarm(.occlusion, evidence: "stand-in", at: stub.clock)
        PumpInterface.warmUpStatusReply(stub: stub)
        #expect(try Self.status(interface.answerAtOnce(Self.getStatus, from: Self.daemon)) == before)
        #expect(before["alarms"]?.arrayValue?.isEmpty == true)
    }

    /// A real-time loop whose thread never runs: a hop onto it would never return.
    @Test(.timeLimit(.minutes(1))) func getStatusIsAnsweredWhileTheLoopThreadDoesNotRun() async throws {
        let (virtual, _, virtualService) = try await StatusReadTests.service()
        let clock = VirtualClock(start: StateKeeperTests.start)
        let cycle = ControlCycle(
            session: virtual.sessions.latest!.session, rig: RigIO(motor: SimulatedRig(clock: clock).motor), settings: ControlSettings())
        let loop = RealtimeLoop(cycle: cycle, clock: clock, options: .init())
        let service = PumpService(
            runner: RealtimeRunner(loop: loop), keeper: virtualService.keeper, rig: virtualService.rig, simulatedRig: nil,
            policy: virtualService.policy, log: { _ in })
        let interface = PumpInterface(service: service)
        let viaTask = await interface.status(for: Self.programmer)
        #expect(viaTask["time"]?.stringValue == StateKeeperTests.start.wall.description)
        #expect(try Self.status(interface.answerAtOnce(Self.getStatus, from: Self.daemon)) == viaTask)
    }

    @Test func aStatusReadAfterAChangeShowsTheChange() async throws {
        let (virtual, _, service) = try await StatusReadTests.service()
        let interface = PumpInterface(service: service)
        _ = await interface.status(for: Self.programmer)
        await virtual.perform { session, now in session.raiseAlarm(.occlusion, evidence: "test", at: now) }
        let alarms = try Self.status(interface.answerAtOnce(Self.getStatus, from: Self.daemon))?["alarms"]?.arrayValue
        #expect(alarms?.map { $0["kind"]?.stringValue } == ["occlusion"])
    }

    @Test func todayAtOnceIsWhatStorageHoldsAfterEverySave() async throws {
        let (virtual, _, service) = try await StatusReadTests.service()
        let interface = PumpInterface(service: service)
        for _ in 0..<3 {
            virtual.advance(by: .minutes(50))
            _ = await interface.status(for: Self.programmer)
            let before = try Self.status(interface.answerAtOnce(Self.getStatus, from: Self.daemon))?["deliveredTodayVolume"]
            #expect(before?.integerValue == StatusReadTests.bookedToday(virtual.sessions.latest!.session))
            #expect(await service.persist(events: [], actor: nil) == nil)
            // A save ended: today's history is read again (in a task), never served stale.
            #expect(interface.answerAtOnce(Self.getStatus, from: Self.daemon) == nil)
            let saved = await interface.status(for: Self.programmer)["deliveredTodayVolume"]
            #expect(saved == before)
            #expect(try Self.status(interface.answerAtOnce(Self.getStatus, from: Self.daemon))?["deliveredTodayVolume"] == saved)
        }
    }

    @Test func aCallerWithoutARoleIsRefusedAtOnceAsHandleRefusesItOnceATaskLookedTheUserUp() async throws {
        let (_, _, service) = try await StatusReadTests.service()
        let interface = PumpInterface(service: service)
        let stranger = PeerCredentials(pid: 9, uid: 3_999_999_999, gid: 3_999_999_999)
        // The user database may wait on a directory service: never consulted on the event loop.
        #expect(interface.answerAtOnce(Self.getStatus, from: stranger) == nil)
        _ = interface.roles.resolve(uid: stranger.uid, gid: stranger.gid, under: service.policy)  // as `handle` does
        guard case .error(let error) = interface.answerAtOnce(Self.getStatus, from: stranger) else {
            Issue.record("not refused at once")
            return
        }
        let note = PumpMethodAccess.grantNote(for: "GetStatus", under: service.policy.access)
        #expect(error == PumpErrors.permissionDenied(method: "GetStatus", role: "none", needed: "observer", reason: note))
    }

    @Test func anUnknownParameterIsRefusedAtOnceAndOtherMethodsGoToTheirTask() async throws {
        let (_, _, service) = try await StatusReadTests.service()
        let interface = PumpInterface(service: service)
        let odd = VarlinkCall(method: "io.pumpd.Pump.GetStatus", parameters: ["since": "now"])
        guard case .error(let error) = interface.answerAtOnce(odd, from: Self.daemon) else {
            Issue.record("not refused at once")
            return
        }
        #expect(error == .invalidParameter("since"))
        #expect(interface.answerAtOnce(VarlinkCall(method: "io.pumpd.Pump.GetAlarms"), from: Self.daemon) == nil)
        #expect(interface.answerAtOnce(VarlinkCall(method: "io.pumpd.Pump.Stop"), from: Self.daemon) == nil)
    }

    @Test func theStatusEncodesToTheBytesJSONEncoderGave() async throws {
        let (virtual, _, service) = try await StatusReadTests.service()
        virtual.advance(by: .hours(3))
        await virtual.perform { session, now in session.raiseAlarm(.occlusion, evidence: "test", at: now) }
        let interface = PumpInterface(service: service)
        let snapshot = virtual.sessions.latest!
        let status = interface.wireStatus(
            of: snapshot.session, stepsMoved: snapshot.stepsMoved, annunciation: snapshot.annunciation,
            today: DeliveryTotals(volumeNanolitres: 5, massNanograms: 6, hours: 1), role: .observer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let before = try JSONValue.parse(Array(encoder.encode(status))).serialized()
        #expect(WireCoding.encode(status).serialized() == before)
    }
}

extension VarlinkImmediateAnswer: Equatable {
    static func == (lhs: VarlinkImmediateAnswer, rhs: VarlinkImmediateAnswer) -> Bool {
        switch (lhs, rhs) {
        case (.reply(let a), .reply(let b)): a == b
        case (.encoded(let a), .encoded(let b)): a == b
        case (.error(let a), .error(let b)): a == b
        default: false
        }
    }
}
