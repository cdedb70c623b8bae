// pump-journal-send: logs one entry through PumpJournal's bootstrap (libsystemd when journald's
// socket exists, stderr otherwise) and prints where it went.
//
//   pump-journal-send [--kind KIND] [--level LEVEL] MESSAGE [KEY=VALUE ...]
//
// With --kind the entry is a pump event (MESSAGE_ID, PUMP_EVENT, level by kind); KEY=VALUE pairs are
// metadata (→ PUMP_* fields). `\n` in a value or the message stands for a newline. Use it on a device to
// check the journal and catalog (`journalctl -x MESSAGE_ID=…`); the tests run it inside a private journald.
import Logging
import PumpJournal

#if canImport(Glibc)
import Glibc
#endif

func fail(_ text: String, status: Int32 = 2) -> Never {
    let line = Array("pump-journal-send: \(text)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(status)
}
let usage = "usage: pump-journal-send [--kind KIND] [--level LEVEL] MESSAGE [KEY=VALUE ...]"

var arguments = Array(CommandLine.arguments.dropFirst())
var kind: String?
var level: Logger.Level?
var positional: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--kind" where !arguments.isEmpty: kind = arguments.removeFirst()
    case "--level" where !arguments.isEmpty:
        let name = arguments.removeFirst()
        guard let parsed = Logger.Level(rawValue: name) else { fail("unknown level \(name)") }
        level = parsed
    case "-h", "--help":
        print(usage)
        exit(0)
    default: positional.append(argument)
    }
}
guard !positional.isEmpty else { fail(usage) }
func unescape(_ text: String) -> String {
    text.split(separator: "\\n", omittingEmptySubsequences: false).joined(separator: "\n")
}
let message = unescape(positional.removeFirst())
var metadata: Logger.Metadata = [:]
for pair in positional {
    guard let equals = pair.firstIndex(of: "=") else { fail("expected KEY=VALUE, got \(pair)") }
    metadata[String(pair[..<equals])] = .string(unescape(String(pair[pair.index(after: equals)...])))
}

let writer = PumpJournal.bootstrap(logLevel: .trace)
let logger = Logger(label: "pump-journal-send")
if let kind {
    logger.logPumpEvent(kind: kind, summary: message, detail: metadata, level: level)
} else {
    logger.log(level: level ?? .info, "\(message)", metadata: metadata)
}
print(writer.destination)
