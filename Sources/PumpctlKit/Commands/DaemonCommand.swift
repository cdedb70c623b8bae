import ArgumentParser

/// A pumpctl subcommand: parsed by ArgumentParser, run by `Pumpctl.run` with a context it can
/// be tested through.
protocol DaemonCommand: ParsableCommand {
    var global: GlobalOptions { get }
    func execute(_ context: CommandContext) throws
}
