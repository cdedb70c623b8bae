import PumpCore
import PumpProfile
import PumpStorage
import PumpWire
import Varlink
import VarlinkCodable
import VarlinkServer

extension PumpInterface {
    static let maximumEvents: Int64 = 10_000

    func getAlarms(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["since"])
        let session = await publishedSession()
        let since = try input.optional("since", as: String.self).map { text throws(VarlinkError) in try Self.time(text, field: "since") }
            ?? session.clock.wall.unixNanoseconds - TimeSpan.days(30).nanoseconds
        let history: [StoredAlarm]
        do { history = try service.keeper.database.alarms(fromWallNanoseconds: since, toWallNanoseconds: .max) } catch { throw PumpErrors.storageFailed("\(error)") }
        let records = history.map { WireAlarmRecord($0, utcOffsetSeconds: session.clock.wall.utcOffsetSeconds) }
        try await reply.send(
            ["active": WireCoding.encode(session.alarms.activeAlarms.map(WireAlarm.init)), "history": WireCoding.encode(records)],
            continues: false)
    }

    func acknowledgeAlarm(_ input: VarlinkParameters, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["kind"])
        let name = try input.required("kind", as: String.self)
        guard let kind = AlarmKind(rawValue: name) else {
            throw PumpErrors.invalidValue(field: "kind", value: name, expected: AlarmKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if kind.needsClinicianAcknowledgement, caller.role < .programmer {
            throw await permissionDenied(
                method: "AcknowledgeAlarm(\(name))", to: caller.actor, needs: .programmer,
                reason: "\(name) clears by \(kind.clearCondition)")
        }
        let (alarm, _) = try await change(by: caller) { (session, now) throws(VarlinkError) -> Alarm? in
            try Self.therapy { () throws(TherapyError) in try session.acknowledgeAlarm(kind, at: now) }
            return session.alarms.active[kind]
        }
        try await reply.send(alarm.map { ["alarm": WireCoding.encode(WireAlarm($0))] } ?? [:], continues: false)
    }

    func getHistory(_ input: VarlinkParameters, reply: VarlinkReplier) async throws(VarlinkError) {
        try input.rejectUnknown(allowed: ["from", "to", "kinds", "limit", "newest"])
        let now = await service.runner.perform { _, now in now }
        let to = try input.optional("to", as: String.self).map { text throws(VarlinkError) in try Self.time(text, field: "to") }
            ?? now.wall.unixNanoseconds + 1
        // A day before the earliest `to` a time can hold is before Int64's range: start there.
        let dayBefore = to.subtractingReportingOverflow(TimeSpan.days(1).nanoseconds)
        let from = try input.optional("from", as: String.self).map { text throws(VarlinkError) in try Self.time(text, field: "from") }
            ?? (dayBefore.overflow ? .min : dayBefore.partialValue)
        guard from <= to else { throw PumpErrors.invalidValue(field: "from", value: "after to", expected: "from ≤ to") }
        let kinds = try input.optional("kinds", as: [String].self)
        let limit = try input.optional("limit", default: Self.maximumEvents)
        guard (1...Self.maximumEvents).contains(limit) else {
            throw PumpErrors.invalidValue(field: "limit", value: "\(limit)", expected: "1…\(Self.maximumEvents)")
        }
        let newest = try input.optional("newest", default: false)
        let events: [StoredEvent], hours: [HourlyDelivery]
        do {
            events = try service.keeper.database.events(
                fromWallNanoseconds: from, toWallNanoseconds: to, kinds: kinds.map(Set.init), limit: Int(limit), keepingNewest: newest)
            hours = try service.keeper.database.hourlyDelivery(
                fromWallNanoseconds: from - from % HourlyDelivery.hourNanoseconds, toWallNanoseconds: to)
        } catch { throw PumpErrors.storageFailed("\(error)") }
        let hourly = hours.map { WireHourlyDelivery($0, utcOffsetSeconds: now.wall.utcOffsetSeconds) }
        try await reply.send(["events": WireCoding.encode(events.map(WireEvent.init)), "hours": WireCoding.encode(hourly)], continues: false)
    }

    func watchEvents(_ call: VarlinkCall, caller: Caller, reply: VarlinkReplier) async throws(VarlinkError) {
        guard call.more else { throw .expectedMore }
        try call.input.rejectUnknown(allowed: [])
        let events = service.hub.subscribe()
        try await reply.send(["status": await status(for: caller)], continues: true)
        for await event in events {
            do { try await reply.send(["status": await status(for: caller), "event": WireCoding.encode(WireEvent(event))], continues: true) } catch {
                return
            }
        }
    }

    static func time(_ text: String, field: String) throws(VarlinkError) -> Int64 {
        guard let time = CivilTime(rfc3339: text) else {
            throw PumpErrors.invalidValue(field: field, value: text, expected: "an RFC 3339 time such as 2026-11-21T08:30:00+01:00")
        }
        return time.unixNanoseconds
    }
}
