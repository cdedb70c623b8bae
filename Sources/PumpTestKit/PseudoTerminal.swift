#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal pair: the test holds the master side and plays the balance; the code under
/// test opens the slave's path as it would a USB serial adapter.
public final class PseudoTerminal: Sendable {
    public let master: Int32
    /// The path the code under test opens, as it would a USB serial adapter's.
    public let slavePath: String

    public struct Failure: Error, CustomStringConvertible {
        public var call: String
        public var code: Int32
        public var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// glibc declares posix_openpt, grantpt, unlockpt and ptsname_r only for _XOPEN_SOURCE, which
    /// the Glibc module is not built with; they are looked up in the C library as C functions.
    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { throw Failure(call: "dlsym(\(name))", code: ENOSYS) }
        return unsafeBitCast(symbol, to: type)
    }

    public init() throws {
        let posix_openpt = try Self.function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
        let grantpt = try Self.function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
        let unlockpt = try Self.function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
        let ptsname_r = try Self.function("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)
        master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(call: "posix_openpt", code: errno) }
        guard grantpt(master) == 0, unlockpt(master) == 0 else {
            let code = errno
            close(master)
            throw Failure(call: "grantpt/unlockpt", code: code)
        }
        var name = [CChar](repeating: 0, count: 128)
        guard ptsname_r(master, &name, name.count) == 0 else {
            let code = errno
            close(master)
            throw Failure(call: "ptsname_r", code: code)
        }
        slavePath = String(cString: name)
    }

    deinit { if master >= 0 { close(master) } }

    /// Sends `text` to whoever has the slave open, as the balance would.
    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure(call: "write", code: errno) }
    }

    /// What the slave side wrote, waiting up to `milliseconds` for the first bytes.
    public func received(waitingUpTo milliseconds: Int32 = 2_000) throws -> String {
        var request = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, milliseconds) > 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw Failure(call: "read", code: errno) }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
