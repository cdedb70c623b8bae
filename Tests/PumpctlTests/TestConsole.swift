import PumpCore
import PumpctlKit

/// A console over buffers: typed answers are queued, stdout and stderr recorded.
final class TestConsole {
    var output = ""
    var errors = ""
    var answers: [String]
    /// The waits asked for (none is waited).
    var pauses: [Duration] = []
    let console: Console

    init(answers: [String] = [], inputIsTerminal: Bool = false, outputIsTerminal: Bool = false, environment: [String: String] = [:], zone: LocalZone = .fixed(0),
        clock: @escaping () -> CivilTime = { CivilTime(unixNanoseconds: 0) }) {
        self.answers = answers
        weak var me: TestConsole?
        console = Console(
            inputIsTerminal: inputIsTerminal, outputIsTerminal: outputIsTerminal,
            writeOutput: { me?.output += $0 },
            writeError: { me?.errors += $0 },
            readLine: { me.flatMap { $0.answers.isEmpty ? nil : $0.answers.removeFirst() } },
            environment: { environment[$0] }, zone: zone, clock: clock, pause: { me?.pauses.append($0) })
        me = self
    }

    var outputLines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }

    /// Runs pumpctl with `arguments` on this console.
    func run(_ arguments: [String]) -> PumpctlExit { Pumpctl.run(arguments: arguments, console: console) }
}
