import PumpControl
import PumpCore
import PumpWire
import Varlink
import VarlinkCodable
import VarlinkServer

/// SilenceAlarms and TestAlarms (issue 14). Silence pauses the sound only (the lamps go on,
/// nothing is acknowledged; AcknowledgeAlarm pauses an alarm's sound, its lamp staying while it is
/// active); the alarm test drives
/// every output through each priority's pattern and reads the buzzer's sense.
extension PumpInterface {
    /// How long TestAlarms waits for the test to end on a real or accelerated clock: the 6.5 s plan
    /// with room for a loaded machine. On the virtual clock it returns at once (time moves only
    /// through io.pumpd.Rig.AdvanceTime); the report then comes in status and the alarmTest event.
    static let alarmTestWait: Duration = .seconds(15)

    func silenceAlarms(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["duration"])
        let seconds = try input.optional("duration", as: Int64.self)
        if let seconds, seconds <= 0 || seconds > 86_400 {
            throw PumpErrors.invalidValue(field: "duration", value: "\(seconds)", expected: "seconds, more than 0 and at most [alarm_outputs] max_silence")
        }
        let (until, _) = try await cycleChange(by: caller) { (cycle, now) throws(VarlinkError) -> CivilTime in
            do throws(AnnunciationError) { return try cycle.silenceAlarms(for: seconds.map { .seconds($0) }, at: now) } catch { throw PumpErrors.from(error, field: "duration") }
        }
        try await reply.send(["silencedUntil": .string(until.description)], continues: false)
    }

    func testAlarms(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: [])
        let service = service
        let started = try await startAlarmTest(by: caller)
        var report: SelfCheckReport?
        if !(service.runner is VirtualRunner) {
            let clock = ContinuousClock()
            let deadline = clock.now + Self.alarmTestWait
            while report == nil, clock.now < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                report = await service.runner.performOnCycle { cycle, _ in
                    cycle.annunciation.alarmTestsFinished >= started.finishedCount ? cycle.annunciation.lastAlarmTest : nil
                } ?? nil
            }
        }
        var fields: JSONObject = ["finished": .bool(report != nil), "endsAt": .string(started.endsAt.description)]
        if let report { fields["result"] = WireCoding.encode(WireSelfCheck(report)) }
        try await reply.send(fields, continues: false)
    }

    /// Starts the alarm test for `caller`, who is then recorded as its starter under the test's
    /// number: the event made when it ends is audited as theirs.
    func startAlarmTest(by caller: Caller) async throws(VarlinkError) -> (finishedCount: Int, endsAt: CivilTime) {
        let service = service
        let actor = caller.actor
        return try await cycleChange(by: caller) { (cycle, now) throws(VarlinkError) -> (finishedCount: Int, endsAt: CivilTime) in
            do throws(AnnunciationError) {
                let started = try cycle.startAlarmTest(at: now)
                // On the loop's thread, before any wake can end the test and make its event.
                service.alarmTestActors.withLock { $0[started.finishedCount] = actor }
                return started
            } catch { throw PumpErrors.from(error, field: "") }
        }.0
    }

    /// `change` on the control cycle itself (its alarm outputs as well as its session).
    func cycleChange<Result: Sendable>(
        by caller: Caller, _ body: @escaping @Sendable (ControlCycle, ClockReading) throws(VarlinkError) -> Result
    ) async throws(VarlinkError) -> (Result, TherapySession) {
        let service = service
        let outcome = await service.runner.performOnCycle { cycle, now -> (Swift.Result<Result, VarlinkError>, [TherapyEvent], PumpService.SessionCopy) in
            let result: Swift.Result<Result, VarlinkError>
            do throws(VarlinkError) { result = .success(try body(cycle, now)) } catch { result = .failure(error) }
            return (result, cycle.takeEvents(), service.copyForSaving(cycle.session))
        }
        guard let outcome else { throw PumpErrors.loopStopped }
        return try await settle(outcome, by: caller)
    }
}

extension PumpErrors {
    /// The API error for an annunciation refusal; `field` names the parameter a range error is about.
    static func from(_ refusal: AnnunciationError, field: String) -> VarlinkError {
        switch refusal {
        case .silenceOutOfRange(let asked, let longest):
            invalidValue(
                field: field, value: "\(asked.nanoseconds / 1_000_000_000)",
                expected: "seconds, more than 0 and at most \(longest.nanoseconds / 1_000_000_000) ([alarm_outputs] max_silence)")
        case .nothingToSilence: error("NothingToSilence")
        case .testRunning(let remaining): error("AlarmTestRunning", ["remaining": .integer((remaining.nanoseconds + 999_999_999) / 1_000_000_000)])
        case .noAlarmOutputs: error("NoAlarmOutputs", ["reason": .string(refusal.description)])
        }
    }
}
