import Foundation
import Glibc
import Synchronization
import Varlink

/// A stand-in for pumpd on a real Unix socket: a thread accepts connections, reads NUL-terminated
/// calls, records them, and writes the replies `respond` returns for each (several for a stream;
/// no reply at all to test timeouts). The connection closes after the last reply when `respond`
/// says so, as a daemon ending a stream would.
final class FakePumpd: Sendable {
    /// What the fake answers one call with.
    struct Answer: Sendable {
        var replies: [VarlinkReply]
        /// Close the connection after writing the replies.
        var thenClose = false

        static func reply(_ parameters: JSONObject) -> Answer { Answer(replies: [VarlinkReply(parameters: parameters)]) }
        static func error(_ name: String, _ parameters: JSONObject = [:]) -> Answer {
            Answer(replies: [VarlinkReply(VarlinkError("io.pumpd.Pump.\(name)", parameters: parameters))])
        }
        static let silence = Answer(replies: [])
    }

    let path: String
    private let listener: Int32
    private let recorder = Recorder()

    /// The calls received, shared with the serving thread (which must not keep the fake alive).
    private final class Recorder: Sendable {
        let calls = Mutex<[VarlinkCall]>([])
    }

    /// Answers by method name (without the interface); a method not in `answers` gets MethodNotFound.
    convenience init(_ answers: [String: Answer]) throws {
        try self.init { call in
            answers[call.methodName] ?? Answer(replies: [VarlinkReply(.methodNotFound(call.method))])
        }
    }

    init(respond: @escaping @Sendable (VarlinkCall) -> Answer) throws {
        path = "/tmp/pumpctl-test-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
        unlink(path)
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 8) == 0 else { throw FakePumpdError.setUp(errno) }
        let descriptor = listener
        let recorder = recorder
        Thread.detachNewThread { Self.serve(descriptor, recorder, respond) }
    }

    /// Shutting the listener down wakes the serving thread, which closes it: closing it here
    /// could hand its number to another test's socket while the thread still uses it.
    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        unlink(path)
    }

    /// The calls received so far, in order.
    var calls: [VarlinkCall] { recorder.calls.withLock { $0 } }

    /// The methods called so far, without the interface.
    var methods: [String] { calls.map(\.methodName) }

    private static func serve(_ listener: Int32, _ recorder: Recorder, _ respond: @Sendable (VarlinkCall) -> Answer) {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            handle(connection, recorder, respond)
            close(connection)
        }
    }

    private static func handle(_ connection: Int32, _ recorder: Recorder, _ respond: @Sendable (VarlinkCall) -> Answer) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            while let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                guard let call = try? VarlinkCall.decode(message) else { return }
                recorder.calls.withLock { $0.append(call) }
                let answer = respond(call)
                for (index, reply) in answer.replies.enumerated() {
                    var reply = reply
                    reply.continues = call.more && index < answer.replies.count - 1 && reply.error == nil
                    if call.more && answer.thenClose && reply.error == nil { reply.continues = true }
                    guard write(connection, reply.serialized() + [0]) else { return }
                }
                if answer.thenClose { return }
            }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            buffer += chunk[..<count]
        }
    }

    private static func write(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }
}

enum FakePumpdError: Error {
    case setUp(Int32)
}
