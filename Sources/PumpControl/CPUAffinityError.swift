#if canImport(Glibc)
import Glibc
#endif

/// A CPU affinity change or read the kernel refused: what was being done and its errno.
public struct CPUAffinityError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(operation): \(String(cString: strerror(errno))) (errno \(errno))" }
}
