#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

// For a caller outside Swift concurrency, such as a daemon's main thread at start: it waits for the
// event loop's answer itself. The async forms resume on a concurrency executor (the first task of
// a process starts that executor's threads) and the caller must then be woken from there; these
// cost only the event loop's turn, which is on the path from a daemon's exec to its first answer.
extension VarlinkService {
    /// ``bind(path:mode:group:)``, blocking the calling thread until the socket is served or
    /// refused. Never call it from an event loop's thread or an async context.
    public func bindBlocking(path: String, mode: UInt32 = 0o660, group: UInt32? = nil) throws(VarlinkServiceError) {
        let staged = try stage(path)
        defer { staged.remove() }
        let channel: any Channel
        do {
            channel = try makeBootstrap().bind(unixDomainSocketPath: staged.path).wait()
        } catch {
            throw .bindFailed(path: path, reason: "\(error)")
        }
        if let failure = place(staged, at: path, mode: mode, group: group) {
            try? channel.close().wait()
            throw failure
        }
        try registerBlocking(Listener(channel: channel, file: SocketFile.socket(at: path)))
    }

    /// ``adopt(descriptor:)``, blocking the calling thread until the socket is served or refused.
    /// Never call it from an event loop's thread or an async context.
    public func adoptBlocking(descriptor: Int32) throws(VarlinkServiceError) {
        try checkAdoptable(descriptor)
        let channel: any Channel
        do {
            channel = try makeBootstrap().withBoundSocket(descriptor).wait()
        } catch {
            throw .adoptFailed(descriptor: descriptor, reason: "\(error)")
        }
        try registerBlocking(Listener(channel: channel, file: nil))
    }

    private func registerBlocking(_ listener: Listener) throws(VarlinkServiceError) {
        if !admit(listener) {
            try? listener.channel.close().wait()
            listener.file?.removeIfStillOurs()
            throw .shutDown
        }
    }
}
