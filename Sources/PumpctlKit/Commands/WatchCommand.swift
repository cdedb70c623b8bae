import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl watch`: WatchEvents, until interrupted.
struct WatchCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print events live as pumpd logs them, until Ctrl-C.",
        discussion: "With --json every reply (the first carries the status, each later one an event and the status after it) is one JSON object per line.")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let console = context.console
        var first = true
        try context.session.stream("WatchEvents") { parameters in
            defer { first = false }
            if context.json {
                context.emitJSON(parameters)
                return true
            }
            let reply = Reply("WatchEvents", parameters)
            if first {
                let status = try reply.required("status", as: WireStatus.self)
                console.line("watching pumpd on \(status.rig.name): \(status.modeText), \(status.alarms.count) active alarm(s); Ctrl-C to stop")
            }
            if let event = try reply.optional("event", as: WireEvent.self) { console.line(EventLine.text(event)) }
            return true
        }
        throw PumpctlFailure(.transport, "pumpd ended the watch")
    }
}
