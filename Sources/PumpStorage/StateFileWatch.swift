internal import CPumpThreads
internal import Glibc
internal import PumpThreads
internal import Synchronization

/// Calls back when a name in an open database's directory may have changed: one of its state
/// files deleted, renamed away or replaced by a rename over it, the directory or one of its
/// ancestors renamed or deleted (inotify). The callback is where to run `checkFilesInPlace`, so a
/// replaced or deleted file is found when it happens rather than at the next poll.
///
/// What inotify cannot see (a file system mounted over the directory, a symbolic link on the path
/// swapped, a network file system changed by another host) is left to a slow backstop check and to
/// the check every write makes before it writes.
///
/// Contract: `onChange` runs on a thread of its own (pumpd's, waiting in poll(2) on the inotify
/// descriptor, never waking while nothing changes), never concurrently with itself, possibly for
/// pumpd's own writes (the space reserve is made by a rename): it must be cheap and not block.
public final class StateFileWatch: Sendable {
    private let thread = WorkerThreads(name: "pumpd-filewatch")
    /// Written once, by the first `cancel`: the watching thread then closes the inotify descriptor
    /// and ends. Closed by deinit, once that thread has ended (no write can reach a reused number).
    private let stop: Int32
    private let cancelled = Atomic(false)

    /// Starts watching `files` (each in `directory`), or nil when inotify cannot watch them (no
    /// descriptor or watch left): the caller must then check the files itself, often.
    init?(directory: String, files: [String], onChange: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let names = Set(files.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
        let nameEvents = UInt32(IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE)
        let selfEvents = UInt32(IN_DELETE_SELF | IN_MOVE_SELF)
        let directoryWatch = inotify_add_watch(fd, directory, nameEvents | selfEvents | UInt32(IN_ONLYDIR))
        var ancestors: [String] = []
        var path = directory
        while let slash = path.lastIndex(of: "/"), path != "/" {
            path = slash == path.startIndex ? "/" : String(path[..<slash])
            ancestors.append(path)
        }
        let stop = pump_threads_eventfd()
        guard directoryWatch >= 0, stop >= 0, ancestors.allSatisfy({ inotify_add_watch(fd, $0, selfEvents | UInt32(IN_ONLYDIR)) >= 0 }) else {
            close(fd)
            if stop >= 0 { close(stop) }
            return nil
        }
        self.stop = stop
        thread.run {
            Self.watch(fd, stop: stop, failed: onChange) {
                if Self.drain(fd, directoryWatch: directoryWatch, names: names) { onChange() }
            }
            close(fd)
        }
        thread.finish()
    }

    deinit {
        cancel()
        thread.waitUntilEnded()
        close(stop)
    }

    /// Stops watching (at once: the watching thread ends after any `onChange` under way).
    public func cancel() {
        guard !cancelled.exchange(true, ordering: .relaxed) else { return }
        var one: UInt64 = 1
        _ = write(stop, &one, 8)
    }

    /// poll(2)'s shape: the watch's one way to wait, so a test can make the wait fail.
    typealias Poll = (_ descriptors: UnsafeMutablePointer<pollfd>, _ count: nfds_t, _ timeoutMilliseconds: Int32) -> Int32

    /// Waits for `fd` to be readable and calls `readable`, until `stop` is. While the wait itself
    /// fails (poll(2) out of memory), calls `failed` at once and then every second: the files are
    /// checked on that backstop instead of going unwatched without a word (review, round 5).
    static func watch(
        _ fd: Int32, stop: Int32, poll: Poll = { Glibc.poll($0, $1, $2) }, failed: () -> Void, readable: () -> Void
    ) {
        var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stop, events: Int16(POLLIN), revents: 0)]
        while true {
            let count = descriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress!, 2, -1) }
            if count < 0 {
                if errno == EINTR { continue }
                failed()
                var stopOnly = pollfd(fd: stop, events: Int16(POLLIN), revents: 0)
                let stopped = poll(&stopOnly, 1, 1_000)
                if stopped > 0 { return }
                if stopped < 0 && errno != EINTR { usleep(1_000_000) }  // that wait failing too: never spin
                continue
            }
            if descriptors[1].revents != 0 { return }
            if descriptors[0].revents != 0 { readable() }
        }
    }

    /// Reads every queued event; whether any may concern the state files: a name among `names` in
    /// the directory, anything about the directory or an ancestor itself, or lost events.
    private static func drain(_ fd: Int32, directoryWatch: Int32, names: Set<String>) -> Bool {
        var concerned = false
        let capacity = 4096
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, capacity)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return concerned }  // EAGAIN: drained
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                offset = nameStart + Int(event.len)
                guard event.wd == directoryWatch, event.len > 0, event.mask & UInt32(IN_Q_OVERFLOW) == 0 else {
                    concerned = true  // the directory or an ancestor itself, or events lost
                    continue
                }
                let name = String(cString: (buffer + nameStart).assumingMemoryBound(to: CChar.self))
                if names.contains(name) { concerned = true }
            }
        }
    }
}
