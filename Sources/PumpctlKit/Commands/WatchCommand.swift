import ArgumentParser
import PumpCore
import PumpWire
import Varlink

/// `pumpctl watch`: WatchEvents, until interrupted.
///
/// When the connection is lost after it was made (pumpd restarted, its socket went away) the
/// watch reconnects with backoff (0.25 s doubling to 8 s) instead of ending, then prints a gap
/// line and the events pumpd logged meanwhile (from GetHistory, each printed once); while pumpd
/// is down (no socket, or nothing listening) it keeps trying. A refusal from pumpd, a permission
/// error, or failing to connect the first time ends it. Ctrl-C ends it at once.
struct WatchCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print events live as pumpd logs them, until Ctrl-C; reconnects when pumpd restarts.",
        discussion: """
            With --json every reply (the first carries the status, each later one an event and the status after it) is one JSON \
            object per line; after a reconnection a {"gap": {…}} object, a {"logReplaced": "…"} object when pumpd came \
            back with another event log, then the missed events as {"event": …}. Each line has exactly one of the \
            members status (with or without event), gap, logReplaced or event; a failure ends with {"error": …}.
            """)

    @OptionGroup var global: GlobalOptions

    /// The first wait before reconnecting, and the longest.
    static let firstBackoff = Duration.milliseconds(250)
    static let longestBackoff = Duration.seconds(8)

    func execute(_ context: CommandContext) throws {
        if context.console.announcesInterrupts { InterruptSignals.unblock() }
        var watch = EventWatch(context: context)
        var backoff = Self.firstBackoff
        while true {
            do {
                try watch.stream()
                throw PumpctlFailure(.transport, "pumpd ended the watch")
            } catch let failure as PumpctlFailure where watch.hasConnected && [.transport, .notRunning].contains(failure.status) {
                // Once connected, a socket that is gone or refuses is pumpd restarting: wait for it.
                watch.lost(because: failure)
                context.session.close()
                if watch.reconnected { backoff = Self.firstBackoff }
                context.console.pause(backoff)
                backoff = min(backoff * 2, Self.longestBackoff)
            }
        }
    }
}
