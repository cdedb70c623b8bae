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
        func resolve(_ index: Int, now: CivilTime) throws(PumpctlFailure) -> (option: String, time: CivilTime)? {
            guard let given = options[index], let argument = arguments[index] else { return nil }
            do {
                return (given.option, try argument.resolved(now: now, zone: console.zone, text: given.text))
            } catch {
                throw PumpctlFailure.usage("\(given.option) \(error.description)")
            }
        }
        // Absolute times first: their mistakes (a local time the clocks skip) need no call to pumpd.
        var resolved = try options.indices.map { index throws(PumpctlFailure) in
            arguments[index]?.isRelative == true ? nil : try resolve(index, now: CivilTime(unixNanoseconds: 0))
        }
        if arguments.contains(where: { $0?.isRelative == true }) {
            let now = try daemonNow()
            for index in options.indices where arguments[index]?.isRelative == true { resolved[index] = try resolve(index, now: now) }
        }
        // The times bound one range, in order: a later option may not come before an earlier one.
        let given = resolved.compactMap { $0 }
        for (earlier, later) in zip(given, given.dropFirst()) where earlier.time.unixNanoseconds > later.time.unixNanoseconds {
            throw PumpctlFailure.usage(
                "\(earlier.option) (\(RFC3339.format(earlier.time))) is after \(later.option) (\(RFC3339.format(later.time))): the range is empty")
        }
        return resolved.map { $0.map { RFC3339.format($0.time) } }
    }
}
