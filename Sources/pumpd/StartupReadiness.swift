import PumpCore
import Synchronization

/// READY=1 and the STATUS= that goes with it, to systemd. Startup sends it once, after the loop's
/// first snapshot (or after giving up waiting for it); each reload sends it again when done. The
/// socket is served before startup's READY, so a reload can finish first: until startup's READY
/// has gone, a reload sends only STATUS= (a READY=1 then would end systemd's start early, before
/// the loop has reported anything).
///
/// Callers: the daemon's main thread (``started(status:)``) and the reloader's task (``reload(starting:status:)``).
final class StartupReadiness: Sendable {
    /// How READY's status reads when the loop did not report within the wait.
    static func noFirstStatus(waited: TimeSpan) -> String {
        "control loop has not reported its first status (waited \(waited.readable))"
    }

    private let send: @Sendable (String) -> Void
    private let log: @Sendable (String) -> Void
    private let ready = Mutex(false)

    /// `send` delivers an sd_notify message; `log` writes a journal line.
    init(send: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void) {
        self.send = send
        self.log = log
    }

    /// Startup is done: READY=1 with `status`, and the same status logged once as
    /// `pumpd: ready: <status>` so what went with READY=1 can be checked later.
    func started(status: String) {
        ready.withLock { ready in
            send("READY=1\nSTATUS=\(status)")
            ready = true
        }
        log("pumpd: ready: \(status)")
    }

    /// A reload's phase: RELOADING=1 when it starts, READY=1 with `status` when it ends; before
    /// startup's READY, STATUS= alone (`reloading the profile`, then `status`).
    func reload(starting: Bool, status: @autoclosure () -> String) {
        ready.withLock { ready in
            switch (ready, starting) {
            case (true, true): send("RELOADING=1")
            case (true, false): send("READY=1\nSTATUS=\(status())")
            case (false, true): send("STATUS=reloading the profile")
            case (false, false): send("STATUS=\(status())")
            }
        }
    }
}
