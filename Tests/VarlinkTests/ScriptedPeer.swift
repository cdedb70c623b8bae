import Foundation
import Glibc
import Varlink

/// The service end of a socketpair whose client end is a `VarlinkConnection`: tests write exactly
/// the bytes a service would and read what the client sent.
final class ScriptedPeer {
    let connection: VarlinkConnection
    let descriptor: Int32

    init(receiveTimeout: Duration = .seconds(10), maxMessageBytes: Int = 16 << 20) throws {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else { throw POSIXFailure("socketpair") }
        descriptor = pair[1]
        connection = try VarlinkConnection(adopting: pair[0], receiveTimeout: receiveTimeout, maxMessageBytes: maxMessageBytes)
    }

    deinit { Glibc.close(descriptor) }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            precondition(count > 0, "peer write failed")
            sent += count
        }
    }

    /// Writes NUL-terminated replies.
    func reply(_ messages: String...) { write(messages.map { Array($0.utf8) + [0] }.joined().map { $0 }) }

    /// Reads everything the client has sent until it closes (or 10 s pass).
    func readUntilClosed() -> [UInt8] {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return received }
            received += chunk[..<count]
        }
    }

    /// Reads one NUL-terminated message the client sent.
    func readMessage() -> String {
        var message: [UInt8] = []
        var byte: UInt8 = 0
        while recv(descriptor, &byte, 1, 0) == 1, byte != 0 { message.append(byte) }
        return String(decoding: message, as: UTF8.self)
    }

    /// Runs `body` on a thread of its own, so it can write while the client blocks reading.
    static func onThread(_ body: @escaping @Sendable () -> Void) {
        Thread.detachNewThread(body)
    }
}

struct POSIXFailure: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    init(_ call: String) {
        self.call = call
        code = errno
    }
    var description: String { "\(call): errno \(code)" }
}
