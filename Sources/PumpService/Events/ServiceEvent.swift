public import PumpWire
public import PumpCore
public import Varlink

/// What the service and the daemon report that is not a therapy event of the session: a reloaded
/// setting, an hour's delivery total, the daemon starting and stopping.
///
/// Each has a kind (its journal MESSAGE_ID's name in PumpJournal's `PumpMessageID`), a one-line
/// summary and detail fields in io.pumpd.Pump's units (nL, ng, pL/day, s). A reloaded setting is
/// also kept in the event log (an audit record); the others go only to the journal, or to the
/// daemon's log line where there is no journal.
public enum ServiceEvent: Sendable, Hashable {
    /// A profile setting a reload (SIGHUP) changed while delivery ran.
    case settingsReloaded(ProfileReload.SettingChange, profile: String)
    /// The drug library a reload put in force (`library` nil: none), with the change as the other
    /// reloaded settings record it; kept in the event log like them.
    case drugLibraryReloaded(ProfileReload.SettingChange, library: DrugLibrary?, profile: String)
    /// One completed wall-clock hour of delivery.
    case hourlyDelivery(HourlyDeliveryReport)
    /// pumpd is ready: profile file, rig name, clock (real, accelerated, virtual), and the outage
    /// it restored state after (nil: a new state database).
    case daemonStarted(profile: String, rig: String, clock: String, restoredAfter: TimeSpan?)
    /// pumpd is shutting down: the signal that asked it to (`SIGTERM`; `none` when --run-for
    /// elapsed) and the delivery mode it leaves.
    case daemonStopping(signal: String, mode: String)

    /// The stable name of this kind of event in the event log and the journal.
    public var recordKind: WireEventKind {
        switch self {
        case .settingsReloaded, .drugLibraryReloaded: .settingsReloaded
        case .hourlyDelivery: .hourlyDelivery
        case .daemonStarted: .daemonStarted
        case .daemonStopping: .daemonStopping
        }
    }

    /// One line for a person.
    public var summary: String {
        switch self {
        case .settingsReloaded(let change, _): "setting \(change.setting) reloaded: \(change.old) -> \(change.new)"
        case .drugLibraryReloaded(let change, _, _): "drug library reloaded: \(change.old) -> \(change.new)"
        case .hourlyDelivery(let report):
            "hour from \(report.hourStart): delivered \(report.volume) (\(report.mass)); "
                + "\(report.mode), rate \(report.rate), reservoir \(report.reservoir)"
        case .daemonStarted(let profile, let rig, let clock, let restoredAfter):
            "pumpd ready: \(rig) (\(profile)), \(clock) clock, "
                + (restoredAfter.map { "state restored after an outage of \($0.readable)" } ?? "new state database")
        case .daemonStopping(let signal, let mode):
            "pumpd stopping (\(signal == "none" ? "--run-for elapsed" : signal)); delivery was \(mode)"
        }
    }

    /// The event's fields (units as in io.pumpd.Pump: nL, ng, pL/day, s).
    public var detail: JSONObject {
        var fields = JSONObject()
        switch self {
        case .settingsReloaded(let change, let profile):
            fields["setting"] = .string(change.setting)
            fields["old"] = .string(change.old)
            fields["new"] = .string(change.new)
            fields["profile"] = .string(profile)
        case .drugLibraryReloaded(let change, let library, let profile):
            fields["setting"] = .string(change.setting)
            fields["old"] = .string(change.old)
            fields["new"] = .string(change.new)
            fields["profile"] = .string(profile)
            fields["library"] = .string(library?.name ?? "")
            fields["entries"] = .integer(Int64(library?.entries.count ?? 0))
            fields["allowsOtherDrugs"] = .bool(library?.allowsOtherDrugs ?? false)
        case .hourlyDelivery(let report):
            fields["hourStart"] = .string(report.hourStart.description)
            fields["volume"] = .integer(report.volume.nanolitres)
            fields["mass"] = .integer(report.mass.nanograms)
            fields["rate"] = .integer(report.rate.picolitresPerDay)
            fields["reservoir"] = .integer(report.reservoir.nanolitres)
            fields["mode"] = .string(report.mode)
        case .daemonStarted(let profile, let rig, let clock, let restoredAfter):
            fields["profile"] = .string(profile)
            fields["rig"] = .string(rig)
            fields["clock"] = .string(clock)
            fields["state"] = .string(restoredAfter == nil ? "fresh" : "restored")
            fields["outage"] = .integer((restoredAfter ?? .zero).nanoseconds / 1_000_000_000)
        case .daemonStopping(let signal, let mode):
            fields["signal"] = .string(signal)
            fields["mode"] = .string(mode)
        }
        return fields
    }
}
