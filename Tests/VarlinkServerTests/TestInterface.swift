import Synchronization
import Varlink
import VarlinkServer

/// What the test interface's handlers did, for tests to check from outside.
final class Probe: Sendable {
    private let events = Mutex<[String]>([])

    func record(_ event: String) { events.withLock { $0.append(event) } }

    var snapshot: [String] { events.withLock { $0 } }

    /// Waits (at most 10 s, an upper bound against hangs) until `condition` holds for the events.
    func wait(until condition: ([String]) -> Bool) async -> Bool {
        for _ in 0..<2000 {
            if condition(snapshot) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(snapshot)
    }
}

/// `io.pumpd.Test`: one method per server behaviour under test.
struct TestInterface: VarlinkInterface {
    let probe: Probe
    let name = "io.pumpd.Test"
    let description = """
        # Methods that exercise the pumpd Varlink server in tests.
        interface io.pumpd.Test

        type FlexStep (start: int, rate: int)

        type Basal (rate: int, flex: []FlexStep)

        method GetStatus() -> (rate: int)

        method Prescribe(basal: Basal) -> (accepted: bool)

        method Whoami() -> (pid: int, uid: int, gid: int)

        method Slow(id: int, ms: int) -> (id: int)

        method Count(to: int) -> (n: int)

        method Watch() -> (n: int)

        method Flood(size: int) -> (data: string)

        method Forget() -> ()

        method StreamWithoutMore() -> (n: int)

        method Fail() -> ()

        method Notify(tag: string) -> ()

        method Unimplemented() -> ()

        method Instant(tag: string) -> (tag: string)

        method InstantFail() -> ()

        error LimitExceeded (limit: int)

        """

    /// Instant and InstantFail are answered on the event loop; everything else goes to `handle`.
    func answerAtOnce(_ call: VarlinkCall, from peer: PeerCredentials) -> VarlinkImmediateAnswer? {
        switch call.methodName {
        case "Instant":
            guard case .string(let tag) = call.parameters["tag"] else { return .error(.invalidParameter("tag")) }
            probe.record("instant \(tag)")
            return tag == "encoded"
                ? .encoded(VarlinkReply(parameters: ["tag": "pre-encoded"]).serialized()) : .reply(["tag": .string(tag)])
        case "InstantFail": return .error(VarlinkError("io.pumpd.Test.LimitExceeded", parameters: ["limit": 7]))
        default: return nil
        }
    }

    func handle(_ call: VarlinkCall, from peer: PeerCredentials, reply: VarlinkReplier) async throws(VarlinkError) {
        let input = call.input
        switch call.methodName {
        case "GetStatus":
            try input.rejectUnknown(allowed: [])
            try await reply.send(["rate": 120])
        case "Prescribe":
            try input.rejectUnknown(allowed: ["basal"])
            let basal = try input.required("basal", as: VarlinkParameters.self)
            try basal.rejectUnknown(allowed: ["rate", "flex"])
            _ = try basal.required("rate", as: Int64.self)
            for step in try basal.required("flex", as: [VarlinkParameters].self) {
                try step.rejectUnknown(allowed: ["start", "rate"])
                _ = try step.required("start", as: Int64.self)
                _ = try step.required("rate", as: Int64.self)
            }
            try await reply.send(["accepted": true])
        case "Whoami":
            try await reply.send(["pid": .integer(Int64(peer.pid)), "uid": .integer(Int64(peer.uid)), "gid": .integer(Int64(peer.gid))])
        case "Slow":
            let id = try input.required("id", as: Int64.self)
            probe.record("start \(id)")
            try? await Task.sleep(for: .milliseconds(try input.required("ms", as: Int64.self)))
            probe.record("end \(id)")
            try await reply.send(["id": .integer(id)])
        case "Count":
            guard call.more else { throw .expectedMore }
            let limit = try input.required("to", as: Int64.self)
            for n in 1..<max(limit, 1) { try await reply.send(["n": .integer(n)], continues: true) }
            try await reply.send(["n": .integer(limit)])
        case "Watch":
            guard call.more else { throw .expectedMore }
            try await reply.send(["n": 0], continues: true)
            let (events, continuation) = AsyncStream.makeStream(of: Int.self)
            probe.record("watching")
            for await _ in events {}
            continuation.finish()
            probe.record(Task.isCancelled ? "watch cancelled" : "watch ended")
        case "Flood":
            let chunk = JSONValue.string(String(repeating: "x", count: Int(try input.required("size", as: Int64.self))))
            do throws(VarlinkError) {
                while true { try await reply.send(["data": chunk], continues: true) }
            } catch {
                probe.record("flood stopped: \(error.name)")
                throw error
            }
        case "Forget":
            return
        case "StreamWithoutMore":
            try await reply.send(["n": 1], continues: true)
        case "Fail":
            throw VarlinkError("io.pumpd.Test.LimitExceeded", parameters: ["limit": 5])
        case "Notify":
            probe.record("notify \(try input.required("tag", as: String.self))")
            try await reply.send()
        default:
            throw .methodNotImplemented(call.method)
        }
    }
}
