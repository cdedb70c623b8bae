#if canImport(Glibc)
import Glibc
#endif

/// A Unix socket address as Varlink writes it: a path, `unix:PATH` (systemd's `;key=value`
/// suffixes are ignored), or an abstract-namespace name `@NAME` / `unix:@NAME`.
struct UnixSocketAddress {
    /// The bytes of `sun_path`; for an abstract name the leading `@` is already a NUL.
    let pathBytes: [UInt8]
    let isAbstract: Bool

    init(parsing address: String) throws(VarlinkTransportError) {
        var text = Substring(address)
        if text.hasPrefix("unix:") {
            text = text.dropFirst(5)
            if let semicolon = text.firstIndex(of: ";") { text = text[..<semicolon] }
        }
        var bytes = Array(text.utf8)
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard !bytes.isEmpty, !bytes.contains(0), bytes.count < capacity else {
            throw .invalidAddress(address)
        }
        isAbstract = bytes[0] == UInt8(ascii: "@")
        if isAbstract { bytes[0] = 0 }
        pathBytes = bytes
    }

    /// Calls `body` with the `sockaddr` and its length.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: pathBytes) }
        // A path is NUL-terminated (the zeroed struct supplies it); an abstract name is exactly its bytes.
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count + (isAbstract ? 0 : 1)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(length)) }
        }
    }
}
