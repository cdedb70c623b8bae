#if canImport(Glibc)
import Glibc
#endif

/// A blocking Varlink client on one Unix stream socket connection.
///
/// One call at a time: each method sends a call and reads its replies before returning. Not for
/// use from several threads at once. Service errors are thrown as ``VarlinkError`` and leave the
/// connection usable; transport failures are thrown as ``VarlinkTransportError`` and close it.
///
/// Blocking calls must not run on Swift concurrency's cooperative threads, where waiting for a
/// reply can starve the tasks that produce it; use a thread of your own.
public final class VarlinkConnection {
    /// The longest reply accepted, in bytes without the NUL.
    public let maxMessageBytes: Int
    private var descriptor: Int32
    /// Bytes received but not yet returned as messages: `buffer[consumed...]`.
    private var buffer: [UInt8] = []
    private var consumed = 0
    /// How far past `consumed` the buffer is known to hold no NUL.
    private var scanned = 0

    /// Connects to the service at `address`: a socket path, `unix:PATH` or `@abstract`.
    ///
    /// - Parameters:
    ///   - receiveTimeout: the longest wait for any bytes of a reply; nil waits forever.
    ///   - maxMessageBytes: the longest reply accepted (default 16 MiB).
    public convenience init(
        path address: String, receiveTimeout: Duration? = nil, maxMessageBytes: Int = 16 << 20
    ) throws(VarlinkTransportError) {
        let parsed = try UnixSocketAddress(parsing: address)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCallFailed("socket", errno: errno) }
        let result = parsed.withSockAddr { connect(fd, $0, $1) }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .systemCallFailed("connect", errno: code)
        }
        try self.init(adopting: fd, receiveTimeout: receiveTimeout, maxMessageBytes: maxMessageBytes)
    }

    /// Takes over an already connected stream socket (for example one end of a `socketpair`); the
    /// connection closes it.
    public init(
        adopting descriptor: Int32, receiveTimeout: Duration? = nil, maxMessageBytes: Int = 16 << 20
    ) throws(VarlinkTransportError) {
        self.descriptor = descriptor
        self.maxMessageBytes = maxMessageBytes
        if let receiveTimeout {
            let (seconds, attoseconds) = receiveTimeout.components
            var interval = timeval(tv_sec: Int(max(seconds, 0)), tv_usec: Int(max(attoseconds, 0) / 1_000_000_000_000))
            if interval.tv_sec == 0 && interval.tv_usec == 0 { interval.tv_usec = 1 }  // zero would mean forever
            let result = setsockopt(
                descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
            if result != 0 {
                let code = errno
                close()
                throw .systemCallFailed("setsockopt(SO_RCVTIMEO)", errno: code)
            }
        }
    }

    deinit { close() }

    /// False after `close()` or a transport error.
    public var isOpen: Bool { descriptor >= 0 }

    /// Closes the connection; a stream in progress is cancelled. Idempotent.
    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Calls `method` and returns the reply's parameters; a oneway call returns `[:]` at once.
    ///
    /// - Throws: ``VarlinkError`` when the service answers with an error;
    ///   ``VarlinkTransportError`` when the exchange fails (the connection is then closed).
    public func call(_ method: String, parameters: JSONObject = [:], oneway: Bool = false) throws -> JSONObject {
        try send(VarlinkCall(method: method, parameters: parameters, oneway: oneway))
        if oneway { return [:] }
        let reply = try receiveReply()
        if reply.continues {
            close()
            throw VarlinkTransportError.unexpectedContinues
        }
        if let error = reply.varlinkError { throw error }
        return reply.parameters
    }

    /// Calls `method` with `more: true` and passes each reply's parameters to `handler`, until the
    /// final reply or until `handler` returns false, which cancels the stream by closing the
    /// connection.
    ///
    /// - Throws: ``VarlinkError`` when the service ends the stream with an error (the connection
    ///   stays usable); ``VarlinkTransportError``; or what `handler` throws (the connection is then
    ///   closed, since the stream is left unfinished).
    public func callMore(
        _ method: String, parameters: JSONObject = [:], handler: (JSONObject) throws -> Bool
    ) throws {
        try send(VarlinkCall(method: method, parameters: parameters, more: true))
        while true {
            let reply = try receiveReply()
            if let error = reply.varlinkError { throw error }
            let keepGoing: Bool
            do {
                keepGoing = try handler(reply.parameters)
            } catch {
                if reply.continues { close() }
                throw error
            }
            if !reply.continues { return }
            if !keepGoing {
                close()
                return
            }
        }
    }

    /// Sends one call without waiting for a reply (for pipelining); pair with ``receiveReply()``.
    public func send(_ call: VarlinkCall) throws(VarlinkTransportError) {
        var bytes = call.serialized()
        bytes.append(0)
        try sendAll(bytes)
    }

    /// Sends raw bytes as they are (for tests of a service's handling of broken input).
    public func sendRaw(_ bytes: [UInt8]) throws(VarlinkTransportError) {
        try sendAll(bytes)
    }

    /// Reads the next reply, whatever call it belongs to.
    public func receiveReply() throws(VarlinkTransportError) -> VarlinkReply {
        let message = try receiveMessage()
        do {
            return try VarlinkReply.decode(message)
        } catch {
            close()
            throw .malformedReply(error)
        }
    }

    /// Reads the next NUL-terminated message and returns it without the NUL.
    public func receiveMessage() throws(VarlinkTransportError) -> [UInt8] {
        guard descriptor >= 0 else { throw .notConnected }
        while true {
            if let end = buffer[(consumed + scanned)...].firstIndex(of: 0) {
                let message = Array(buffer[consumed..<end])
                consumed = end + 1
                scanned = 0
                if consumed > 4096 && consumed * 2 > buffer.count {
                    buffer.removeFirst(consumed)
                    consumed = 0
                }
                guard message.count <= maxMessageBytes else { return try fail(.replyTooLarge(limitBytes: maxMessageBytes)) }
                return message
            }
            scanned = buffer.count - consumed
            guard scanned <= maxMessageBytes else { return try fail(.replyTooLarge(limitBytes: maxMessageBytes)) }
            try receiveMore()
        }
    }

    private func receiveMore() throws(VarlinkTransportError) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return
            }
            if count == 0 { return try fail(.connectionClosed) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return try fail(.timedOut) }
            // The kernel resets the connection when the service closes with our bytes unread.
            if code == ECONNRESET { return try fail(.connectionClosed) }
            return try fail(.systemCallFailed("recv", errno: code))
        }
    }

    private func sendAll(_ bytes: [UInt8]) throws(VarlinkTransportError) {
        guard descriptor >= 0 else { throw .notConnected }
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                sent += count
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EPIPE || code == ECONNRESET { return try fail(.connectionClosed) }
            return try fail(.systemCallFailed("send", errno: code))
        }
    }

    private func fail<Unreachable>(_ error: VarlinkTransportError) throws(VarlinkTransportError) -> Unreachable {
        close()
        throw error
    }
}
