extension PumpDaemon {
    /// The defaults of pumpd's options, in one place for both readers of the command line
    /// (ArgumentParser's declarations and `CommandLineFastPath`).
    enum Defaults {
        static let stateDir = "/var/lib/pumpd"
        static let socket = "/run/pumpd/control.sock"
        static let clock = "real"
        static let metricsInterval: Int64 = 15
        static let drug = "baclofen"
        static let timeScale: Int64 = 1
        static let statusInterval: Int64 = 10
        static let runFor: Int64 = 0
    }
}
