internal import Glibc

/// Sends journal entries to one destination, and to stderr when that fails, so nothing is lost.
///
/// Thread-safe and shareable: each entry is one system call (one datagram, or one write of a line).
public final class JournalWriter: Sendable {
    public enum Destination: Sendable, Hashable, CustomStringConvertible {
        /// libsystemd's sd_journal_sendv to /run/systemd/journal/socket (the default when that socket exists).
        /// libsystemd handles entries of any size (it passes large ones in a sealed memfd). The library is
        /// loaded when the writer is made (`LibsystemdJournal`); without it, entries go to stderr (ELIBACC),
        /// after one line there saying so.
        case libsystemd
        /// The native protocol, one datagram to this socket, written here: for a journald whose socket is
        /// elsewhere (a namespace, a test). Entries larger than one datagram go to stderr.
        case socket(path: String)
        /// Lines with `<N>` priority prefixes on stderr (SyslogLevelPrefix=), without custom fields.
        case stderr

        public var description: String {
            switch self {
            case .libsystemd: "journal (libsystemd)"
            case .socket(let path): "journal (\(path))"
            case .stderr: "stderr"
            }
        }
    }

    /// Where an entry went.
    public enum Outcome: Sendable, Hashable {
        case journal
        /// The fallback: `errno` is why the journal refused it (0 when stderr was the destination).
        case stderr(errno: Int32)
        /// Not even stderr took it (closed, or a full non-blocking pipe).
        case dropped(errno: Int32)
    }

    public let destination: Destination
    private let socketFD: Int32
    private let address: [UInt8]
    private let fallbackFD: Int32
    private let sendTimeoutMilliseconds: Int
    /// `sd_journal_sendv` for `.libsystemd` (nil: the library could not be loaded).
    private let libsystemdSend: LibsystemdJournal.SendV?

    /// - Parameters:
    ///   - sendTimeout: how long a `.socket` send may wait for a congested journald before the entry goes
    ///     to stderr instead. (`.libsystemd` sends block in libsystemd while journald's queue is full.)
    ///   - fallbackDescriptor: where fallback lines go; stderr unless a test wants them.
    public convenience init(destination: Destination, sendTimeout: Duration = .milliseconds(50), fallbackDescriptor: Int32 = 2) {
        self.init(
            destination: destination, sendTimeout: sendTimeout, fallbackDescriptor: fallbackDescriptor,
            libsystemdSend: destination == .libsystemd ? LibsystemdJournal.sendv : nil)
    }

    /// As above, with `sd_journal_sendv` given (nil: as if libsystemd were missing; for tests).
    init(destination: Destination, sendTimeout: Duration, fallbackDescriptor: Int32, libsystemdSend: LibsystemdJournal.SendV?) {
        self.destination = destination
        self.libsystemdSend = libsystemdSend
        self.fallbackFD = fallbackDescriptor
        let (seconds, attoseconds) = sendTimeout.components
        self.sendTimeoutMilliseconds = max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        if case .socket(let path) = destination, path.utf8.count < 108 {
            socketFD = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            address = Array(path.utf8)
            if socketFD >= 0 {
                // As libsystemd does: a large send buffer, so bursts do not wait on journald.
                var size: Int32 = 8 * 1024 * 1024
                _ = setsockopt(socketFD, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
        } else {
            socketFD = -1
            address = []
        }
        // Said once, where the entries go instead: a journal that silently lost its fields would
        // look like a journal that never had them.
        if destination == .libsystemd, libsystemdSend == nil {
            _ = writeFallback(Array(Self.libsystemdMissingLine.utf8))
        }
    }

    /// The line on the fallback when `.libsystemd` is asked for but the library cannot be loaded.
    static let libsystemdMissingLine =
        "<4>pumpd: journal: \(LibsystemdJournal.libraryName) could not be loaded; entries go to stderr "
        + "without their journal fields (MESSAGE_ID, PUMP_*)\n"

    deinit {
        if socketFD >= 0 { close(socketFD) }
    }

    /// The default destination: libsystemd when journald's socket exists, stderr otherwise.
    public static func defaultDestination(socketPath: String = PumpJournal.journalSocketPath) -> Destination {
        PumpJournal.isSocket(socketPath) ? .libsystemd : .stderr
    }

    @discardableResult
    public func write(_ entry: JournalEntry) -> Outcome {
        let failure: Int32
        switch destination {
        case .libsystemd: failure = sendViaLibsystemd(entry)
        case .socket: failure = sendDatagram(entry.nativeDatagram)
        case .stderr: failure = 0
        }
        if failure == -1 { return .journal }
        let written = writeFallback(entry.stderrLine)
        return written == 0 ? .stderr(errno: failure) : .dropped(errno: written)
    }

    /// -1 on success, otherwise the errno.
    private func sendViaLibsystemd(_ entry: JournalEntry) -> Int32 {
        guard let sendv = libsystemdSend else { return ELIBACC }
        var buffer: [UInt8] = []
        var spans: [(offset: Int, count: Int)] = []
        for field in entry.fields {
            let start = buffer.count
            buffer += field.name.utf8
            buffer.append(UInt8(ascii: "="))
            buffer += field.value
            spans.append((start, buffer.count - start))
        }
        let result: Int32 = buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return -EINVAL }
            var vectors = spans.map { iovec(iov_base: base + $0.offset, iov_len: $0.count) }
            return vectors.withUnsafeMutableBufferPointer { sendv($0.baseAddress, Int32($0.count)) }
        }
        return result >= 0 ? -1 : -result
    }

    /// -1 on success, otherwise the errno.
    private func sendDatagram(_ datagram: [UInt8]) -> Int32 {
        guard socketFD >= 0 else { return address.isEmpty ? ENAMETOOLONG : EBADF }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { path in
            for (index, byte) in address.enumerated() { path[index] = byte }
        }
        let addressLength = socklen_t(MemoryLayout<sa_family_t>.size + address.count + 1)
        var waited = 0
        while true {
            let sent = datagram.withUnsafeBytes { bytes in
                withUnsafePointer(to: &addr) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socketFD, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), $0, addressLength)
                    }
                }
            }
            if sent >= 0 { return -1 }
            let error = errno
            if error == EINTR { continue }
            // A full journald queue: wait a little (bounded), then give the entry to stderr.
            guard error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS, waited < sendTimeoutMilliseconds else { return error }
            usleep(1000)
            waited += 1
        }
    }

    /// 0 when the whole line was written, otherwise the errno.
    private func writeFallback(_ line: [UInt8]) -> Int32 {
        line.withUnsafeBytes { bytes in
            guard bytes.count > 0 else { return 0 }
            var offset = 0
            var useSend = true
            while offset < bytes.count {
                // send() with MSG_NOSIGNAL when stderr is a socket (journald's stream), so a closed reader
                // cannot raise SIGPIPE; plain write() for pipes, files and terminals.
                var written = useSend ? send(fallbackFD, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) : -1
                if useSend && written < 0 && errno == ENOTSOCK { useSend = false }
                if !useSend { written = Glibc.write(fallbackFD, bytes.baseAddress! + offset, bytes.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }
}
