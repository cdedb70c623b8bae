import PumpCore
import PumpWire
import Varlink

/// What a command runs with: the console, the connection to pumpd, and whether output is JSON.
final class CommandContext {
    let console: Console
    let session: PumpSession
    let json: Bool
    /// How text output is coloured (`--color`, NO_COLOR, TERM, whether stdout is a terminal).
    let palette: Palette

    init(console: Console, session: PumpSession, json: Bool, palette: Palette = .plain) {
        self.console = console
        self.session = session
        self.json = json
        self.palette = palette
    }

    /// Calls `method` and returns its reply for reading.
    func call(_ method: String, _ parameters: JSONObject = [:]) throws -> Reply {
        Reply(method, try session.call(method, parameters))
    }

    /// Writes a reply's parameters as one line of JSON.
    func emitJSON(_ parameters: JSONObject) {
        console.line(JSONValue.object(parameters).description)
    }

    /// pumpd's clock now, for resolving relative times such as `24h`.
    func daemonNow() throws -> CivilTime {
        let reply = try call("GetStatus")
        let status = try reply.required("status", as: WireStatus.self)
        guard let now = RFC3339.parse(status.time) else { throw ReplyFormatError(method: "GetStatus", field: "status.time") }
        return now
    }

    /// Parses and resolves optional time options (`(option, text)`), all parsed before any call,
    /// asking pumpd for its clock only when one needs now; local times are in the console's zone.
    func resolve(_ options: [(option: String, text: String)?]) throws -> [String?] {
        let arguments = try options.map { given throws(PumpctlFailure) in
            try given.map { given throws(PumpctlFailure) in try TimeArgument(parsing: given.text, option: given.option) }
        }
        let now = arguments.contains { $0?.isRelative == true } ? try daemonNow() : CivilTime(unixNanoseconds: 0)
        var resolved: [String?] = []
        for (given, argument) in zip(options, arguments) {
            guard let given, let argument else {
                resolved.append(nil)
                continue
            }
            do {
                resolved.append(RFC3339.format(try argument.resolved(now: now, zone: console.zone, text: given.text)))
            } catch {
                throw PumpctlFailure.usage("\(given.option) \(error.description)")
            }
        }
        return resolved
    }
}
