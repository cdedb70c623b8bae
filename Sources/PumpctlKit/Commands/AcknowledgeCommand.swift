import ArgumentParser
import PumpCore
import PumpWire
import Varlink

/// `pumpctl ack KIND`: AcknowledgeAlarm.
struct AcknowledgeCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an alarm by kind (critical alarms: clinician; others: operator).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The alarm's kind, as pumpctl alarms shows it (e.g. occlusion; any case).")
    var kind: String

    /// Every alarm kind pumpd raises.
    static let kinds = NamedValue(what: "alarm kind", names: AlarmKind.allCases.map(\.rawValue))

    func execute(_ context: CommandContext) throws {
        let kind = try Self.kinds.resolve(self.kind)
        let reply = try context.call("AcknowledgeAlarm", ["kind": .string(kind)])
        if context.json { return context.emitJSON(reply.parameters) }
        if let alarm = try reply.optional("alarm", as: WireAlarm.self) {
            context.console.line("acknowledged \(alarm.kind); it stays active until \(alarm.clearCondition) (\(alarm.stateText))")
        } else {
            context.console.line("acknowledged \(kind); it is cleared")
        }
    }
}
