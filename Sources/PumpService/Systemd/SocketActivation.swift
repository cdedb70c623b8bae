#if canImport(Glibc)
import Glibc
#endif

/// The listening socket systemd passes (`LISTEN_FDS`, `LISTEN_PID`, `LISTEN_FDNAMES`), as
/// sd_listen_fds(3) describes: descriptors from 3, for this process only.
public enum SocketActivation {
    /// The environment variables it reads (and clears).
    public static let variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]

    /// The first passed descriptor named `name` (or the only one passed, when unnamed), made
    /// close-on-exec; nil when the process was not socket-activated. Clears the variables so no
    /// child inherits them.
    public static func listeningDescriptor(named name: String, environment: [String: String]) -> Int32? {
        defer { for key in variables { unsetenv(key) } }
        guard let pid = environment["LISTEN_PID"].flatMap(Int32.init), pid == getpid(),
            let count = environment["LISTEN_FDS"].flatMap(Int32.init), count > 0
        else { return nil }
        let names = environment["LISTEN_FDNAMES"].map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) } ?? []
        let index = names.firstIndex(of: name) ?? (count == 1 ? 0 : nil)
        guard let index, index < count else { return nil }
        let fd = 3 + Int32(index)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }
}
