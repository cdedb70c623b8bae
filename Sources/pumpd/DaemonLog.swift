#if canImport(Glibc)
import Glibc
#endif
import PumpCore
import Synchronization

/// Where pumpd's lines go. The control loop only appends events to a queue (it must never block
/// on, or die from, a slow or broken stderr); the main thread writes them out. Writes ignore
/// failure: a full disk or a closed pipe loses log lines, never therapy.
///
/// The main thread sleeps until something is due, so the first line queued after a flush rings
/// `wake` (a signal to the main thread: it never blocks the caller), and lines are written at
/// once instead of at the next poll.
final class DaemonLog: Sendable {
    private let pending = Mutex<[String]>([])
    private let wake: @Sendable () -> Void

    /// `wake`: called, from the enqueuing thread, when a line is queued on an empty queue; it must
    /// not block.
    init(wake: @escaping @Sendable () -> Void = {}) { self.wake = wake }

    /// From any thread: queue one line.
    func enqueue(line: String) {
        let first = pending.withLock { queue in
            queue.append(line)
            return queue.count == 1
        }
        if first { wake() }
    }

    /// From the main thread: write whatever is queued.
    func flush() {
        let lines = pending.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
        for line in lines { Self.write(line) }
    }

    /// Writes one line to stderr, ignoring any failure.
    static func write(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
