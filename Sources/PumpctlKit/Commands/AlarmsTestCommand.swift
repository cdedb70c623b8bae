import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl alarms test`: TestAlarms, then each output's outcome.
struct AlarmsTestCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the alarm test (clinician): the buzzer and lamps through each priority's pattern, 6.5 s.",
        discussion: """
            Listen and look: a lamp (and a buzzer without a sense line) is reported unverified, since nothing \
            reads it back. A failed output raises alarm-system-failure; delivery goes on. Exit status 1 when \
            the test failed.
            """)

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) throws {
        let reply = try context.call("TestAlarms")
        if context.json { return context.emitJSON(reply.parameters) }
        guard let result = try reply.optional("result", as: WireSelfCheck.self) else {
            let endsAt = try reply.required("endsAt", as: String.self)
            context.console.line("alarm test running until \(endsAt); its result will be in pumpctl status and pumpctl history")
            return
        }
        for item in result.items { context.console.line("\(item.subject): \(item.outcome) (\(item.evidence))") }
        let verdict = result.interrupted ? "interrupted by a new alarm" : result.passed ? "passed" : "FAILED: alarm-system-failure raised"
        context.console.line("alarm test \(verdict)")
        if !result.passed { throw PumpctlFailure(.refused, "the alarm test failed: alarm-system-failure raised") }
    }
}
