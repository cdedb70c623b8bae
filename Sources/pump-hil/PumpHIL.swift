import ArgumentParser

@main
struct PumpHIL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pump-hil",
        abstract: "Hardware-in-the-loop harness: runs hazard scenarios and accuracy curves against pumpd.",
        discussion: """
            pump-hil drives pumpd through its public Varlink API and the io.pumpd.Rig interface. Neither is \
            served yet, so pump-hil has no commands yet; this build only documents itself.
            """)
}
