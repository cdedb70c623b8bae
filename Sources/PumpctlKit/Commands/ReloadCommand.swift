import ArgumentParser
import Varlink

/// `pumpctl reload`: io.pumpd.Pump.Reload. Prints what changed, or why nothing did (exit 1, the
/// refused code). `--from-systemd` is for the unit's ExecReload (as root): it names the
/// `systemctl` waiting for the reload (``WaitingReloadScan``) as the requester the audit records.
struct ReloadCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reload the rig profile's reloadable settings while delivery runs (operator or clinician).",
        discussion: """
            pumpd reads its profile again and applies what may change while delivery runs: [access] \
            roles, the sensor thresholds ([sensors.occlusion] threshold_pa and confirm_samples, [battery] \
            eri_mv, eos_mv, hysteresis_mv) and [programming] (drug library, policy). A profile that \
            changed anything else, or no longer loads, is refused whole: nothing changes, pumpctl prints \
            why and exits 1. Each change is in pumpd's event log (settingsReloaded) with who asked. \
            The same as sending pumpd SIGHUP, which it serializes with this.

            --from-systemd is what pumpd.service's ExecReload runs (as root): pumpctl finds the \
            systemctl process waiting for the reload (its uid, pid, login uid and command line from \
            /proc) and passes it, so the audit names that user, not root. Only the system's systemctl \
            binary counts (/proc/PID/exe), not one talking to another manager (--user, --machine, \
            --host, --root); when it finds none, the audit says "requester not identified"; when \
            several wait, it names none of them ("ambiguous" with their pids and uids). pumpd \
            accepts a named requester only from root. pumpd may still apply a reload after \
            --timeout ran out: pumpctl then says the outcome is unknown.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Name the systemctl that asked for this reload as the requester (for ExecReload, as root).")
    var fromSystemd = false

    @Option(help: .hidden)
    var procRoot = "/proc"

    /// io.pumpd.Pump's `ReloadRequester` for `requester`.
    static func wire(_ requester: WaitingReloadScan.Requester) -> JSONObject {
        var wire: JSONObject = ["uid": .integer(Int64(requester.uid)), "pid": .integer(Int64(requester.pid)), "command": .string(requester.command)]
        if let login = requester.loginUID { wire["loginUID"] = .integer(Int64(login)) }
        return wire
    }

    func execute(_ context: CommandContext) throws {
        var parameters: JSONObject = [:]
        if fromSystemd {
            switch WaitingReloadScan(root: procRoot).find() {
            case .one(let requester): parameters["requestedBy"] = .object(Self.wire(requester))
            case .ambiguous(let all): parameters["ambiguousRequesters"] = .array(all.map { .object(Self.wire($0)) })
            case .none: parameters["fromSystemd"] = true
            }
        }
        let reply = try context.call("Reload", parameters)
        if context.json { return context.emitJSON(reply.parameters) }
        let profile = try reply.required("profile", as: String.self)
        let changes = try reply.required("changes", as: [VarlinkParameters].self)
        let audited = try reply.required("auditedAs", as: VarlinkParameters.self)
        let who = "uid \(try audited.required("uid", as: Int64.self)) pid \(try audited.required("pid", as: Int64.self))"
        if changes.isEmpty {
            context.console.line("reloaded \(profile): nothing changed")
            return
        }
        context.console.line("reloaded \(profile): \(changes.count) setting\(changes.count == 1 ? "" : "s") changed (audited as \(who)):")
        for change in changes {
            context.console.line(
                "  \(try change.required("setting", as: String.self)): \(try change.required("old", as: String.self)) -> \(try change.required("new", as: String.self))")
        }
    }
}
