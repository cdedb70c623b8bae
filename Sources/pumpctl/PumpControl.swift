#if canImport(Glibc)
import Glibc
#endif
import PumpctlKit

/// pumpctl: everything is in PumpctlKit; this only runs it and exits with its status.
@main
enum PumpControl {
    static func main() {
        let status = Pumpctl.run(arguments: Array(CommandLine.arguments.dropFirst()), console: .standard())
        exit(status.rawValue)
    }
}
