#if canImport(Glibc)
import Glibc
#endif

/// Opens a Unix stream socket to pumpd, telling a missing daemon from a refused permission.
enum PumpSocket {
    /// A connected descriptor for `address` (a path or `unix:PATH`).
    static func connect(to address: String) throws(PumpctlFailure) -> Int32 {
        var path = Substring(address)
        if path.hasPrefix("unix:") {
            path = path.dropFirst(5)
            if let semicolon = path.firstIndex(of: ";") { path = path[..<semicolon] }
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, !bytes.contains(0), bytes.count < capacity else {
            throw .usage("--socket \"\(path)\" is not a usable socket path (empty, or longer than \(capacity - 1) bytes)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw PumpctlFailure(.transport, "cannot create a socket: \(describe(errno))") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw failure(connecting: String(path), errno: code)
        }
        return descriptor
    }

    static func failure(connecting path: String, errno code: Int32) -> PumpctlFailure {
        switch code {
        case ENOENT:
            return PumpctlFailure(.notRunning, "pumpd is not running: no control socket at \(path) (--socket or $\(ConnectionSettings.socketVariable) name another)")
        case ECONNREFUSED, ENOTSOCK:
            // connect(2) says "refused" for anything at the path that is not a listening socket.
            switch SocketPath.kind(of: path) {
            case .directory:
                return PumpctlFailure(.transport, "cannot connect to pumpd: \(path) is a directory, not a socket (give the socket file inside it, e.g. \(path.hasSuffix("/") ? path : path + "/")control.sock)")
            case .regularFile:
                return PumpctlFailure(.transport, "cannot connect to pumpd: \(path) is a regular file, not a socket (--socket or $\(ConnectionSettings.socketVariable) name the wrong file?)")
            case .other(let what):
                return PumpctlFailure(.transport, "cannot connect to pumpd: \(path) is \(what), not a socket")
            case .socket, .unknown:
                return PumpctlFailure(.notRunning, "pumpd is not running: nothing is listening there at \(path) (connection refused)")
            }
        case EACCES, EPERM:
            return PumpctlFailure(.permissionDenied, SocketPath.permissionDenied(path))
        default:
            return PumpctlFailure(.transport, "cannot connect to pumpd at \(path): \(describe(code))")
        }
    }

    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
