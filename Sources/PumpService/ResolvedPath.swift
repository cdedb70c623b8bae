import Glibc

/// A path with every symbolic link, `.` and `..` resolved (`realpath(3)`), for comparing or
/// keying paths that may name one file in several ways.
public enum ResolvedPath {
    /// `path` resolved; `path` itself when it cannot be (it does not exist, or is unreadable).
    public static func of(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
