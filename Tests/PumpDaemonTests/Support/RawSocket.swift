#if canImport(Glibc)
    import Glibc
#endif

/// A Unix stream socket client that sends bytes exactly as given (broken JSON, stray NULs, half
/// messages) and reads NUL-terminated messages back, with an upper bound on every wait.
///
/// Sending also reads whatever the service answers meanwhile, so a long pipelined burst can never
/// deadlock against replies the service cannot write because nobody reads them.
final class RawSocket {
    enum Received: Equatable {
        case message([UInt8])
        /// End of stream or a reset: the service closed the connection.
        case closed
        case timedOut
    }

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var peerClosed = false

    /// Connects to the socket at `path`; nil when nothing accepts there.
    init?(path: String) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(fd)
            return nil
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        // A non-blocking connect on a Unix socket completes at once or fails (EAGAIN: backlog full).
        guard result == 0 else {
            Glibc.close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Closes the sending direction only (`shutdown(SHUT_WR)`): the service sees end of stream.
    func shutdownWrite() {
        if descriptor >= 0 { shutdown(descriptor, Int32(SHUT_WR)) }
    }

    /// Sends all of `bytes`, reading replies meanwhile. False when the service closed or reset
    /// the connection first, or when nothing could be written for `timeout`.
    @discardableResult
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(10)) -> Bool {
        guard descriptor >= 0 else { return false }
        var sent = 0
        let deadline = ContinuousClock.now + timeout
        while sent < bytes.count {
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT | POLLIN), revents: 0)
            let ready = poll(&poller, 1, Self.milliseconds(until: deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            if ready == 0 { return false }
            if poller.revents & Int16(POLLIN) != 0, !peerClosed { drainReadable() }
            if poller.revents & Int16(POLLOUT) != 0 {
                let count = bytes.withUnsafeBytes { raw in
                    Glibc.send(descriptor, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                }
                if count > 0 {
                    sent += count
                    continue
                }
                if count < 0, errno == EAGAIN || errno == EINTR { continue }
                return false
            }
            if poller.revents & Int16(POLLERR | POLLHUP) != 0 { return false }
        }
        return true
    }

    /// The next NUL-terminated message (without its NUL), waiting at most `timeout`.
    func receive(timeout: Duration = .seconds(10)) -> Received {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                return .message(message)
            }
            if peerClosed || descriptor < 0 { return .closed }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Self.milliseconds(until: deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if ready == 0 { return .timedOut }
            drainReadable()
        }
    }

    /// Bytes received after the last complete message (a reply cut off by a close).
    var unterminatedBytes: Int { buffer.count }

    private func drainReadable() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                continue
            }
            if count == 0 {
                peerClosed = true
                return
            }
            switch errno {
            case EINTR: continue
            case EAGAIN: return
            default:
                peerClosed = true  // ECONNRESET: the service closed with our bytes unread
                return
            }
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = deadline - ContinuousClock.now
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        return Int32(min(seconds * 1_000 + attoseconds / 1_000_000_000_000_000 + 1, 60_000))
    }
}
