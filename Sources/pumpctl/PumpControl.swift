import ArgumentParser

@main
struct PumpControl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pumpctl",
        abstract: "Programmer CLI for pumpd: status, programs, boluses, refills, alarms and history.",
        discussion: """
            pumpctl talks Varlink (interface io.pumpd.Pump) to pumpd's Unix socket. The control API is not \
            served yet, so pumpctl has no commands yet; this build only documents itself.
            """)

    @Option(help: "pumpd's control socket.")
    var socket = "/run/pumpd/pumpd.sock"
}
