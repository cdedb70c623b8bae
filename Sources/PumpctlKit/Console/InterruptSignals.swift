#if canImport(Glibc)
import Glibc
#endif

/// Makes sure Ctrl-C (SIGINT), SIGTERM and SIGHUP reach a command that runs until it is
/// interrupted, such as `watch`: a parent may start pumpctl with them blocked (a blocked mask is
/// inherited across exec), and then `watch` could not be stopped.
enum InterruptSignals {
    /// Unblocks SIGINT, SIGTERM and SIGHUP for the calling thread (pumpctl runs on one).
    static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
