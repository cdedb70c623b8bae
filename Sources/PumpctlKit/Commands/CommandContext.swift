import PumpCore
import PumpWire
import Varlink

/// What a command runs with: the console, the connection to pumpd, and whether output is JSON.
final class CommandContext {
    let console: Console
    let session: PumpSession
    let json: Bool

    init(console: Console, session: PumpSession, json: Bool) {
        self.console = console
        self.session = session
        self.json = json
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

    /// Resolves optional time arguments, asking pumpd for its clock only when one is relative.
    func resolve(_ arguments: [TimeArgument?]) throws -> [String?] {
        let now = arguments.contains { $0?.isRelative == true } ? try daemonNow() : nil
        return arguments.map { argument in
            argument.map { argument in
                switch argument {
                case .absolute(let time): RFC3339.format(time)
                case .ago: RFC3339.format(argument.resolved(now: now!))
                }
            }
        }
    }
}
