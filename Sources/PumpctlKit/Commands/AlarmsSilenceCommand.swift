import ArgumentParser
import PumpCore
import Varlink

/// `pumpctl alarms silence [--for 2m]`: SilenceAlarms. Only the sound pauses; the lamps go on and
/// nothing is acknowledged (`pumpctl ack KIND` pauses an alarm's sound; its lamp stays while it
/// is active).
struct AlarmsSilenceCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Pause the alarms' sound (operator); the lamps go on, nothing is acknowledged.",
        discussion: """
            The sound returns when the silence ends, or at once when a new alarm of the same priority or \
            higher is raised. A silence lasts at most the profile's [alarm_outputs] max_silence (2 min unless \
            set), which is also its length without --for. Acknowledging an alarm (pumpctl ack KIND) pauses its \
            sound while its lamp stays on until it clears; a critical alarm whose cause persists sounds \
            again after [alarm_outputs] acknowledge_pause (15 min unless set).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("for"), help: ArgumentHelp("How long, e.g. 90s or 2min (default: the longest the profile allows).", valueName: "duration"),
        transform: { try QuantityParser.duration($0) })
    var duration: Int64?

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("SilenceAlarms", duration.map { ["duration": .integer($0)] } ?? [:])
        if context.json { return context.emitJSON(reply.parameters) }
        let until = try reply.required("silencedUntil", as: String.self)
        context.console.line("alarms silenced until \(until); the lamps stay on and nothing is acknowledged")
    }
}
