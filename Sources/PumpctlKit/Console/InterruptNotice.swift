#if canImport(Glibc)
import Glibc
#endif

/// On Ctrl-C while a bolus or priming is followed, says that only the following stopped: the
/// task goes on in the pump. Exits 130, the shell's code for an interrupt.
enum InterruptNotice {
    static func install() {
        signal(SIGINT) { _ in
            // Only async-signal-safe calls here: write(2) of a compile-time string, then _exit.
            let message: StaticString = "\npumpctl stopped following; the pump carries on (pumpctl stop stops all delivery)\n"
            message.withUTF8Buffer { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            _exit(130)
        }
    }

    static func remove() { signal(SIGINT, SIG_DFL) }
}
