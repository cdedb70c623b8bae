import Foundation
import Varlink

/// Runs hostile episodes against one daemon, judges every reply against the IDL and the message's
/// expectation, and checks after every episode (on the same connection when it is still meant to
/// be usable) that the pump still runs its program with no alarm, no task and the same faults.
final class FuzzSession {
    struct Tally {
        var requests = 0
        var connections = 0
        var replies = 0
        var byOutcome: [String: Int] = [:]
        var byCategory: [String: Int] = [:]
        var oversizedAnswered = 0
        var oversizedClosedWithoutReply = 0
        var hungUpAfterHalfClose = 0
    }

    let daemon: RunningDaemon
    let idl: VarlinkIDL
    let seed: UInt64
    private(set) var tally = Tally()
    /// Problems found; each says what was sent.
    private(set) var failures: [String] = []
    /// A crash, a hang or a state change: nothing after it can be trusted.
    private(set) var stopped = false
    private let baselineStatus: JSONObject
    private let baselineFaults: JSONValue
    static let replyTimeout: Duration = .seconds(10)
    static let maximumFailuresReported = 15

    init(daemon: RunningDaemon, idl: VarlinkIDL, seed: UInt64, baselineStatus: JSONObject, baselineFaults: JSONValue) {
        self.daemon = daemon
        self.idl = idl
        self.seed = seed
        self.baselineStatus = baselineStatus
        self.baselineFaults = baselineFaults
    }

    /// Runs `episode` (number `index`); false once the run must stop.
    @discardableResult
    func run(_ episode: HostileEpisode, index: Int) -> Bool {
        guard !stopped else { return false }
        let context = "episode \(index) (seed \(Self.hex(seed)))"
        switch episode {
        case .sequential(let messages):
            guard let socket = connect(context, episode) else { return false }
            for message in messages {
                count(message)
                guard socket.send(message.bytes) else {
                    return fail(transport: "the service closed the connection while it was sent", context, episode)
                }
                guard receiveReplies(for: message, on: socket, context, episode) else { return false }
            }
            return checkState(on: socket, context, episode)
        case .pipelined(let messages):
            guard let socket = connect(context, episode) else { return false }
            messages.forEach(count)
            guard socket.send(messages.flatMap(\.bytes) + Self.sentinelBytes) else {
                return fail(transport: "the service closed the connection while the burst was sent", context, episode)
            }
            for message in messages {
                guard receiveReplies(for: message, on: socket, context, episode) else { return false }
            }
            return checkState(on: socket, alreadySent: true, context, episode)
        case .halfSent(let complete, let partial, _, let thenShutdownWrite):
            guard let socket = connect(context, episode) else { return false }
            complete.forEach(count)
            if !complete.isEmpty {
                guard socket.send(complete.flatMap(\.bytes)) else {
                    return fail(transport: "the service closed the connection", context, episode)
                }
                for message in complete {
                    guard receiveReplies(for: message, on: socket, context, episode) else { return false }
                }
            }
            if !partial.isEmpty {
                tally.requests += 1
                tally.byCategory["half-sent", default: 0] += 1
                guard socket.send(partial) else {
                    return fail(transport: "the service closed the connection on a partial request", context, episode)
                }
            }
            if thenShutdownWrite {
                socket.shutdownWrite()
                switch socket.receive(timeout: Self.replyTimeout) {
                case .closed: tally.hungUpAfterHalfClose += 1
                case .message(let bytes):
                    record("a reply to a request that was never completed: \(Self.text(bytes))", context, episode)
                case .timedOut:
                    record("the service kept a half-closed connection open for \(Self.replyTimeout)", context, episode)
                }
            }
            socket.close()
            return checkStateOnNewConnection(context, episode)
        case .oversized(let bytes, _):
            guard let socket = connect(context, episode) else { return false }
            tally.requests += 1
            tally.byCategory["oversized", default: 0] += 1
            _ = socket.send(bytes)  // the service may close before it has all of it
            switch socket.receive(timeout: Self.replyTimeout) {
            case .closed: tally.oversizedClosedWithoutReply += 1
            case .timedOut: return fail(transport: "an oversized request was neither refused nor the connection closed", context, episode)
            case .message(let reply):
                tally.replies += 1
                let decoded = try? VarlinkReply.decode(reply)
                let name = decoded?.error ?? "success"
                tally.byOutcome[name, default: 0] += 1
                if name != "io.pumpd.Pump.RequestTooLarge"
                    || decoded?.parameters["limitBytes"] != .integer(Int64(HostileRequestGenerator.messageLimit))
                {
                    record(
                        "an oversized request answered with \(Self.text(reply)), not RequestTooLarge {limitBytes: 65536}", context, episode)
                }
                tally.oversizedAnswered += 1
                if case .message(let more) = socket.receive(timeout: Self.replyTimeout) {
                    record("a reply after RequestTooLarge, on a connection that should be closed: \(Self.text(more))", context, episode)
                }
            }
            socket.close()
            return checkStateOnNewConnection(context, episode)
        }
    }

    // MARK: Replies

    private func receiveReplies(for message: HostileMessage, on socket: RawSocket, _ context: String, _ episode: HostileEpisode) -> Bool {
        for _ in 0..<message.replyCount {
            switch socket.receive(timeout: Self.replyTimeout) {
            case .message(let bytes):
                tally.replies += 1
                if let problem = judge(bytes, for: message) { record("\(problem)\n  in reply to \(message.label)", context, episode) }
            case .closed:
                return fail(transport: "the connection closed with no reply to \(message.label)", context, episode)
            case .timedOut:
                return fail(transport: "no reply within \(Self.replyTimeout) to \(message.label)", context, episode)
            }
        }
        return true
    }

    /// What is wrong with `reply` as the answer to `message`, if anything.
    func judge(_ reply: [UInt8], for message: HostileMessage) -> String? {
        let decoded: VarlinkReply
        do { decoded = try VarlinkReply.decode(reply) } catch { return "not a Varlink reply (\(error)): \(Self.text(reply))" }
        if decoded.continues { return "a reply with continues, to a call that must not stream: \(Self.text(reply))" }
        if let name = decoded.error {
            tally.byOutcome[name, default: 0] += 1
            guard let fields = idl.errors[name] else { return "error \(name), declared in no interface: \(Self.text(reply))" }
            let problems = idl.fieldProblems(decoded.parameters, fields, in: VarlinkIDL.interface(of: name), at: "")
            if !problems.isEmpty {
                return "error \(name) not as its IDL declares it (\(problems.joined(separator: "; "))): \(Self.text(reply))"
            }
            if name == "io.pumpd.Pump.StorageFailed" { return "StorageFailed on a healthy store: \(Self.text(reply))" }
            let malformed = name == "io.pumpd.Pump.MalformedRequest"
            switch message.expectation {
            case .malformed where !malformed:
                return "a message that is not a valid call was answered \(name), not MalformedRequest: \(Self.text(reply))"
            case .call where malformed: return "a valid call was refused as malformed: \(Self.text(reply))"
            default: break
            }
            if message.label.hasPrefix("unknown-method"), name != "org.varlink.service.InterfaceNotFound",
                name != "org.varlink.service.MethodNotFound"
            {
                return "an unknown method answered \(name), not InterfaceNotFound or MethodNotFound"
            }
            return nil
        }
        let method = message.method ?? "(no method)"
        tally.byOutcome["success: \(method)", default: 0] += 1
        guard message.expectation == .call, PumpdMethods.readOnly[method] != nil else {
            return PumpdMethods.changingState[method] != nil
                ? "STATE-CHANGING CALL ACCEPTED: \(method) succeeded: \(Self.text(reply))"
                : "a message that must be refused succeeded: \(Self.text(reply))"
        }
        guard let declared = idl.methods[method] else { return "success for \(method), which no interface declares" }
        let problems = idl.fieldProblems(decoded.parameters, declared.output, in: VarlinkIDL.interface(of: method), at: "")
        return problems.isEmpty ? nil : "\(method) reply not as its IDL declares it (\(problems.prefix(5).joined(separator: "; ")))"
    }

    // MARK: State after each episode

    static let sentinelBytes =
        Array(#"{"method":"io.pumpd.Pump.GetStatus"}"#.utf8) + [0] + Array(#"{"method":"io.pumpd.Rig.GetFaults"}"#.utf8) + [0]

    private func checkStateOnNewConnection(_ context: String, _ episode: HostileEpisode) -> Bool {
        guard let socket = connect(context, episode, counted: false) else { return false }
        return checkState(on: socket, context, episode)
    }

    /// GetStatus and GetFaults: still running the program, no alarm, no task, same faults.
    private func checkState(on socket: RawSocket, alreadySent: Bool = false, _ context: String, _ episode: HostileEpisode) -> Bool {
        if !alreadySent, !socket.send(Self.sentinelBytes) {
            return fail(transport: "the connection closed before the status check", context, episode)
        }
        var answers: [JSONObject] = []
        for name in ["GetStatus", "GetFaults"] {
            switch socket.receive(timeout: Self.replyTimeout) {
            case .message(let bytes):
                guard let reply = try? VarlinkReply.decode(bytes), reply.error == nil else {
                    return fail(
                        transport: "the status check's \(name) got \(Self.text(bytes)) (a stray reply, or the connection is broken)",
                        context, episode)
                }
                answers.append(reply.parameters)
            case .closed: return fail(transport: "the connection closed before the status check's \(name) was answered", context, episode)
            case .timedOut: return fail(transport: "no answer to the status check's \(name) within \(Self.replyTimeout)", context, episode)
            }
        }
        socket.close()
        guard let status = answers[0]["status"]?.objectValue else {
            return fail(transport: "the status check's GetStatus reply carries no status: \(answers[0])", context, episode)
        }
        var changes: [String] = []
        for field in ["mode", "stopCause", "programmed", "alarms", "task", "stepVolume", "basalRate", "missedTotal"]
        where status[field] != baselineStatus[field] {
            changes.append("\(field): \(baselineStatus[field].map { "\($0)" } ?? "absent") → \(status[field].map { "\($0)" } ?? "absent")")
        }
        for field in ["drug", "fillVolume", "filledAt"] where status["reservoir"]?[field] != baselineStatus["reservoir"]?[field] {
            changes.append("reservoir.\(field) changed")
        }
        if answers[1]["faults"] != baselineFaults {
            changes.append("faults: \(baselineFaults) → \(answers[1]["faults"].map { "\($0)" } ?? "absent")")
        }
        if !changes.isEmpty {
            stopped = true
            failures.append("STATE CHANGED after \(context): \(changes.joined(separator: "; "))\n\(Self.describe(episode))")
            return false
        }
        return true
    }

    // MARK: Bookkeeping

    private func connect(_ context: String, _ episode: HostileEpisode, counted: Bool = true) -> RawSocket? {
        if counted { tally.connections += 1 }
        for _ in 0..<50 {
            if let socket = RawSocket(path: daemon.socket) { return socket }
            if !daemon.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)  // the listen backlog may be full for a moment
        }
        _ = fail(transport: "cannot connect", context, episode)
        return nil
    }

    private func count(_ message: HostileMessage) {
        let parts = max(message.replyCount, 1)
        tally.requests += parts
        tally.byCategory[message.category, default: 0] += parts
    }

    private func record(_ problem: String, _ context: String, _ episode: HostileEpisode) {
        if failures.count < Self.maximumFailuresReported {
            failures.append("\(context): \(problem)\n\(Self.describe(episode))")
        } else if failures.count == Self.maximumFailuresReported {
            failures.append("(more problems not listed)")
        }
    }

    /// A transport failure: the daemon crashed, hung or dropped a connection it should have kept.
    private func fail(transport problem: String, _ context: String, _ episode: HostileEpisode) -> Bool {
        stopped = true
        Thread.sleep(forTimeInterval: 0.3)
        let state = daemon.isRunning ? "pumpd is still running" : "PUMPD DIED (\(daemon.termination ?? "?")):\n\(daemon.crashReport())"
        failures.append("\(context): \(problem); \(state)\n\(Self.describe(episode))")
        return false
    }

    // MARK: Reproduction

    static func hex(_ seed: UInt64) -> String { "0x" + String(seed, radix: 16) }

    /// Every message of `episode` as escaped bytes: enough to replay it with any socket client.
    static func describe(_ episode: HostileEpisode) -> String {
        func lines(_ messages: [HostileMessage]) -> String {
            messages.enumerated().map { "    [\($0)] \($1.label)\n        \(text($1.bytes))" }.joined(separator: "\n")
        }
        switch episode {
        case .sequential(let messages): return "  one connection, each message after the previous one's replies:\n" + lines(messages)
        case .pipelined(let messages): return "  one connection, all messages written at once:\n" + lines(messages)
        case .halfSent(let complete, let partial, let label, let shutdownWrite):
            return
                "  one connection: \(complete.count) complete messages, then \(label), then \(shutdownWrite ? "shutdown(SHUT_WR)" : "close"):\n"
                + lines(complete) + "\n    partial: " + text(partial)
        case .oversized(let bytes, let label): return "  one connection: \(label):\n    " + text(bytes)
        }
    }

    /// `bytes` with printable ASCII as is and everything else as \xHH, long runs shortened.
    static func text(_ bytes: [UInt8], limit: Int = 600) -> String {
        var output = ""
        for byte in bytes.prefix(limit) {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") {
                output.append(Character(UnicodeScalar(byte)))
            } else {
                output += String(format: "\\x%02X", byte)
            }
        }
        return bytes.count > limit ? output + "… (\(bytes.count) bytes in all)" : output
    }
}
