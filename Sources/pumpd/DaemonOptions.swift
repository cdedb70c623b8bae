/// pumpd's options as plain values: what either reader of the command line gives the daemon,
/// ArgumentParser (`PumpDaemon.options`) or `CommandLineFastPath` on ordinary lines. The fast path
/// fills this without making a `PumpDaemon`, whose property wrappers build ArgumentParser's name
/// sets and help texts. Each field is the `PumpDaemon` property of the same name, with its default.
struct DaemonOptions: Equatable {
    var profile: String?
    var checkProfile: String?
    var stateDir = PumpDaemon.Defaults.stateDir
    var acceptRestoredState = false
    var runtimeDir: String?
    var socket = PumpDaemon.Defaults.socket
    var socketGroup: String?
    var clock = PumpDaemon.Defaults.clock
    var virtualStart: String?
    var virtualMonotonic: Int64?
    var metricsFile: String?
    var metricsInterval = PumpDaemon.Defaults.metricsInterval
    var dailyDose: Int64?
    var drug = PumpDaemon.Defaults.drug
    var concentration: Int64?
    var timeScale = PumpDaemon.Defaults.timeScale
    var statusInterval = PumpDaemon.Defaults.statusInterval
    var runFor = PumpDaemon.Defaults.runFor
}
