internal import Dispatch
internal import Glibc

/// Calls back when a name in an open database's directory may have changed: one of its state
/// files deleted, renamed away or replaced by a rename over it, the directory or one of its
/// ancestors renamed or deleted (inotify). The callback is where to run `checkFilesInPlace`, so a
/// replaced or deleted file is found when it happens rather than at the next poll.
///
/// What inotify cannot see (a file system mounted over the directory, a symbolic link on the path
/// swapped, a network file system changed by another host) is left to a slow backstop check and to
/// the check every write makes before it writes.
///
/// Contract: `onChange` runs on a queue of its own, never concurrently with itself, possibly for
/// pumpd's own writes (the space reserve is made by a rename): it must be cheap and not block.
public final class StateFileWatch: @unchecked Sendable {
    // @unchecked: the source is only cancelled after init, which DispatchSource allows from any thread.
    private let source: any DispatchSourceRead

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
        guard directoryWatch >= 0, ancestors.allSatisfy({ inotify_add_watch(fd, $0, selfEvents | UInt32(IN_ONLYDIR)) >= 0 }) else {
            close(fd)
            return nil
        }
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "pumpd.storage.file-watch"))
        source.setEventHandler {
            if Self.drain(fd, directoryWatch: directoryWatch, names: names) { onChange() }
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    deinit { source.cancel() }

    /// Stops watching.
    public func cancel() { source.cancel() }

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
