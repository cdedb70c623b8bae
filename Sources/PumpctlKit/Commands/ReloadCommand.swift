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
            /proc) and passes it, so the audit names that user, not root; when it finds none, the \
            audit says "requester not identified". pumpd accepts a named requester only from root.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Name the systemctl that asked for this reload as the requester (for ExecReload, as root).")
    var fromSystemd = false

    @Option(help: .hidden)
    var procRoot = "/proc"

    func execute(_ context: CommandContext) throws {
        var parameters: JSONObject = [:]
        if fromSystemd {
            let found = WaitingReloadScan(root: procRoot).requesters()
            if let first = found.first {
                var command = first.command
                if found.count > 1 {
                    command += "; also waiting: " + found.dropFirst().map { "pid \($0.pid) uid \($0.uid)" }.joined(separator: ", ")
                }
                var requester: JSONObject = ["uid": .integer(Int64(first.uid)), "pid": .integer(Int64(first.pid)), "command": .string(command)]
                if let login = first.loginUID { requester["loginUID"] = .integer(Int64(login)) }
                parameters["requestedBy"] = .object(requester)
            } else {
                parameters["fromSystemd"] = true
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
