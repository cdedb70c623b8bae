import ArgumentParser

@main
struct PumpHILCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pump-hil",
        abstract: "Hardware-in-the-loop harness: runs hazard scenarios and accuracy curves against pumpd.",
        discussion: """
            pump-hil drives pumpd only through its public Varlink API (io.pumpd.Pump) and the rig interface \
            (io.pumpd.Rig): it programs the pump, injects faults, watches what the pump does, and writes a \
            verdict people can file. On the simulated rig it starts pumpd on the virtual clock, so a 90-day \
            scenario runs in seconds and repeats exactly.

            """ + "\n" + HILExit.help,
        subcommands: [RunCommand.self, CheckCommand.self, AccuracyCommand.self])
}
