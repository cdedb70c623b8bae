import PumpControl
public import PumpCore
import PumpProfile
import PumpStorage
import PumpWire
import Varlink
import VarlinkCodable

// Status and the other reads of the session: all from what the loop publishes (`SessionPublisher`),
// never run on or waking the loop's thread.
extension PumpInterface {
    /// The session and loop state as the loop last published them (at its last wake or command).
    /// While the loop has withdrawn them for a wake under way, waits for that wake's end (short
    /// sleeps, never waking the loop). Copies the session out: for the rarer reads; a copy still
    /// held when the loop next changes the session costs the loop a copy of its arrays.
    func publishedSnapshot() async -> SessionSnapshot {
        var pause: Duration = .microseconds(50)
        while true {
            if let snapshot = service.runner.sessions.read({ $0 }) { return snapshot }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(1))
        }
    }

    /// The session as the loop last published it, as `publishedSnapshot` gives it.
    func publishedSession() async -> TherapySession { await publishedSnapshot().session }

    /// The status `role` sees, as of the session last published.
    func status(for caller: Caller) async -> JSONValue { await statusReply(for: caller.role).status }

    /// The status of `session` (what a change left), with the loop state as last published.
    func status(of session: TherapySession, for caller: Caller) async -> JSONValue {
        let published = await publishedSnapshot()
        let today = todayDelivered(of: session)
        return WireCoding.encode(
            wireStatus(of: session, stepsMoved: published.stepsMoved, annunciation: published.annunciation, today: today, role: caller.role))
    }

    /// The GetStatus reply for `role`: built at once when it can be (`builtStatusReply`; while the
    /// loop has the session withdrawn for a wake, once the wake has ended), else from a copy of
    /// the published session, reading today's history from storage.
    func statusReply(for role: AccessRole) async -> StatusReplyCache.Entry {
        var pause: Duration = .microseconds(50)
        while true {
            if let built = builtStatusReply(for: role) { return built }
            // Published, yet not built: today's history must be read.
            if service.runner.sessions.read({ _ in true }) != nil { break }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(1))
        }
        let snapshot = await publishedSnapshot()
        let savesEnded = service.keeper.savesEnded
        let today = todayDelivered(of: snapshot.session)
        let status = wireStatus(of: snapshot.session, stepsMoved: snapshot.stepsMoved, annunciation: snapshot.annunciation, today: today, role: role)
        return statusReplies.store(status, key: .init(generation: snapshot.generation, savesEnded: savesEnded, role: role))
    }

    /// The GetStatus reply for `role` as of the session last published, without waiting: the one
    /// already encoded when neither the session nor the stored history has changed since, else
    /// built now. Nil when it cannot be had without waiting: the loop has withdrawn the session for
    /// a wake under way, or today's history must be read from storage.
    func builtStatusReply(for role: AccessRole) -> StatusReplyCache.Entry? {
        // Read before the session: a save that ends after this read gives the next caller a miss.
        let savesEnded = service.keeper.savesEnded
        let generation = service.runner.sessions.generation
        if let hit = statusReplies.lookup(.init(generation: generation, savesEnded: savesEnded, role: role)) { return hit }
        // Only the status leaves `read`: nothing of the session's arrays outlives it.
        let built = service.runner.sessions.read { snapshot -> (WireStatus, UInt64)? in
            let day = DeliveryByHour.localDay(of: snapshot.session.clock.wall)
            guard let today = service.keeper.deliveredFromLastRead(inHoursFrom: day.from, to: day.to, of: snapshot.session) else { return nil }
            let status = wireStatus(
                of: snapshot.session, stepsMoved: snapshot.stepsMoved, annunciation: snapshot.annunciation, today: today, role: role)
            return (status, snapshot.generation)
        }
        guard let (status, built) = built ?? nil else { return nil }
        return statusReplies.store(status, key: .init(generation: built, savesEnded: savesEnded, role: role))
    }

    /// Builds the GetStatus reply a clinician (root, the daemon's user) would get now, if the loop
    /// has published its session, and keeps it as any built reply is kept: such a first call is
    /// answered from it, and whichever role calls first, the encoding's one-time costs are paid
    /// here. Never waits. pumpd runs it on the socket's event loop before serving, beside the
    /// main thread's last steps of the start.
    public func prepareStatusReply() { _ = builtStatusReply(for: .programmer) }

    /// Pays the GetStatus reply's one-time costs before the session it will show exists: the reply
    /// of `stub` (a stand-in, such as a fresh fill on the rig) with an annunciation carrying a
    /// self-test report, built, encoded and dropped, and the methods' access table built. What the
    /// first caller would otherwise wait for: the Swift runtime's metadata and conformance look-ups
    /// for the reply's types and the encoder's code read in from the binary. Changes nothing any
    /// reply shows; never waits. pumpd runs it on the socket's event loop, idle until served, while
    /// its main thread waits for the state's checks.
    public static func warmUpStatusReply(stub: TherapySession) {
        _ = PumpMethodAccess.needs.count
        var status = WireStatus(
            stub, stepsMoved: 0, today: DeliveryTotals(volumeNanolitres: 0, massNanograms: 0, hours: 0),
            rig: WireRig(name: "", profile: "", simulated: true, clock: ""), callerRole: AccessRole.programmer.apiName)
        let check = WireSelfCheck(
            kind: "selfTest", time: status.time, passed: true, interrupted: false, durationMs: 0,
            items: [WireSelfCheckItem(subject: "", outcome: "passed", evidence: "")])
        status.annunciation = WireAnnunciation(priority: nil, silencedUntil: nil, testing: false, lastSelfTest: check, lastAlarmTest: check)
        _ = VarlinkReply(parameters: ["status": WireCoding.encode(status)]).serialized()
    }

    /// Today's delivery (the local calendar day under the offset in force, by the wall time steps
    /// were made at): the stored hours and what `session` booked since; zero if storage fails.
    func todayDelivered(of session: TherapySession) -> DeliveryTotals {
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        return (try? service.keeper.delivered(inHoursFrom: day.from, to: day.to, of: session))
            ?? DeliveryTotals(volumeNanolitres: 0, massNanograms: 0, hours: 0)
    }

    func wireStatus(
        of session: TherapySession, stepsMoved: Int64, annunciation: AnnunciationSnapshot?, today: DeliveryTotals, role: AccessRole
    ) -> WireStatus {
        var status = WireStatus(session, stepsMoved: stepsMoved, today: today, rig: wireRig, callerRole: role.apiName)
        status.annunciation = annunciation.map(WireAnnunciation.init)
        return status
    }
}
