public import PumpCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's terminal as commands see it: output and error text, answers typed on stdin,
/// whether each end is a terminal, and the environment. Tests build one over buffers.
public final class Console {
    private let writeOutput: (String) -> Void
    private let writeError: (String) -> Void
    private let readAnswer: () -> String?
    private let lookUp: (String) -> String?
    /// Whether stdin is a terminal someone can type a confirmation on.
    public let inputIsTerminal: Bool
    /// Whether stdout is a terminal, so progress can update in place.
    public let outputIsTerminal: Bool
    /// Whether this is the process's own terminal, where Ctrl-C during a bolus or priming should
    /// say that the pump carries on.
    public let announcesInterrupts: Bool
    /// The time zone local times on the command line are read in (`TZ` honoured).
    public let zone: LocalZone
    private let readClock: () -> CivilTime
    private let sleep: (Duration) -> Void

    /// A console over the given ends: tests pass buffers, `standard()` the process's own.
    public init(
        inputIsTerminal: Bool, outputIsTerminal: Bool,
        writeOutput: @escaping (String) -> Void, writeError: @escaping (String) -> Void,
        readLine: @escaping () -> String?, environment: @escaping (String) -> String?, announcesInterrupts: Bool = false,
        zone: LocalZone = .system, clock: @escaping () -> CivilTime = Console.systemNow,
        pause: @escaping (Duration) -> Void = Console.systemPause
    ) {
        self.zone = zone
        self.readClock = clock
        self.sleep = pause
        self.announcesInterrupts = announcesInterrupts
        self.inputIsTerminal = inputIsTerminal
        self.outputIsTerminal = outputIsTerminal
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.readAnswer = readLine
        self.lookUp = environment
    }

    /// The process's stdin, stdout and stderr.
    public static func standard() -> Console {
        Console(
            inputIsTerminal: isatty(STDIN_FILENO) == 1, outputIsTerminal: isatty(STDOUT_FILENO) == 1,
            writeOutput: { writeAll($0, to: STDOUT_FILENO) },
            writeError: { writeAll($0, to: STDERR_FILENO) },
            readLine: { Swift.readLine(strippingNewline: true) },
            environment: { name in getenv(name).map { String(cString: $0) } }, announcesInterrupts: true)
    }

    /// Unbuffered, so progress shows at once; a closed pipe just drops the rest.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + sent, $0.count - sent) }
            if count > 0 {
                sent += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Writes `text` to stdout as it is.
    public func write(_ text: String) { writeOutput(text) }

    /// Writes `text` and a newline to stdout.
    public func line(_ text: String = "") { writeOutput(text + "\n") }

    /// Writes `text` and a newline to stderr.
    public func error(_ text: String) { writeError(text + "\n") }

    /// Writes `text` to stderr as it is (a prompt).
    public func prompt(_ text: String) { writeError(text) }

    /// One line typed on stdin, without its newline; nil at end of input.
    public func readLine() -> String? { readAnswer() }

    /// This machine's wall clock, in its zone (for messages such as a watch's gap, never for
    /// resolving times: those use pumpd's clock).
    public func now() -> CivilTime { readClock() }

    /// Waits `duration` (a reconnection's backoff); a signal such as Ctrl-C still ends the process.
    public func pause(_ duration: Duration) { sleep(duration) }

    /// The real-time clock with the system zone's offset.
    public static func systemNow() -> CivilTime {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let time = CivilTime(unixNanoseconds: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))
        return LocalZone.system.civil(time)
    }

    /// nanosleep(2) for `duration`.
    public static func systemPause(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        nanosleep(&request, nil)
    }

    /// The environment variable `name`, if set.
    public func environment(_ name: String) -> String? { lookUp(name) }
}
