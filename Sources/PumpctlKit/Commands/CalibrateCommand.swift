import ArgumentParser

/// `pumpctl calibrate`: set the step volume from a measurement (`set`, the default, so
/// `pumpctl calibrate --measured … --steps …` works as before) or drive a calibration run and
/// weigh it (`run`).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Set the volume per motor step, from a measurement or a calibration run (clinician).",
        subcommands: [CalibrateSetCommand.self, CalibrateRunCommand.self],
        defaultSubcommand: CalibrateSetCommand.self)
}
