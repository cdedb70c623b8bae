#if canImport(Glibc)
import Glibc
#endif
public import PumpCore
import Synchronization

/// A balance on a serial port (a tty such as `/dev/ttyUSB0`): raw mode, 8 data bits, no parity,
/// one stop bit, no flow control, at the given speed; lines end with CR LF, LF or CR.
///
/// Opening discards anything the device had buffered, so the first line read is a fresh one.
/// Reads wait with `poll` up to the timeout given; a line longer than `maximumLineLength` bytes
/// is refused (wrong speed or not a balance). Calls may come from any thread; they are
/// serialised. The descriptor is closed by `close()` or when the reader is released.
public final class SerialBalanceReader: BalanceLineSource, Sendable {
    /// The longest line accepted, in bytes without the terminator.
    public static let maximumLineLength = 1_024

    /// The device path.
    public let path: String
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        var buffer: [UInt8] = []
        var linesRead = 0
        /// The last line ended with CR: an LF right after it belongs to that line end.
        var skipLineFeed = false
    }

    /// Opens `path` and sets it to raw mode at `baudRate`.
    public init(path: String, baudRate: BaudRate = .b9600) throws(SerialPortError) {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .open(path: path, errno: errno) }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw .configure(path: path, errno: code)
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL | CREAD | CS8)
        settings.c_cflag &= ~(tcflag_t(PARENB | CSTOPB) | tcflag_t(CRTSCTS))
        settings.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard cfsetispeed(&settings, baudRate.speed) == 0, cfsetospeed(&settings, baudRate.speed) == 0,
            tcsetattr(descriptor, TCSANOW, &settings) == 0
        else {
            let code = errno
            Glibc.close(descriptor)
            throw .configure(path: path, errno: code)
        }
        tcflush(descriptor, TCIOFLUSH)
        self.path = path
        self.state = Mutex(State(descriptor: descriptor))
    }

    deinit {
        state.withLock { if $0.descriptor >= 0 { Glibc.close($0.descriptor) } }
    }

    /// Closes the device; later calls throw `.closed`.
    public func close() {
        state.withLock {
            if $0.descriptor >= 0 { Glibc.close($0.descriptor) }
            $0.descriptor = -1
        }
    }

    public func nextLine(timeout: TimeSpan) throws(SerialPortError) -> BalanceLine? {
        let path = self.path
        return try state.withLock { (state: inout State) throws(SerialPortError) -> BalanceLine? in
            guard state.descriptor >= 0 else { throw .closed(path: path) }
            let clock = ContinuousClock()
            let deadline = clock.now + .nanoseconds(max(timeout.nanoseconds, 0))
            while true {
                if let line = Self.takeLine(from: &state) { return line }
                guard state.buffer.count <= Self.maximumLineLength else {
                    state.buffer.removeAll()
                    state.linesRead += 1
                    throw .lineTooLong(path: path, lineNumber: state.linesRead, limit: Self.maximumLineLength)
                }
                let remaining = clock.now.duration(to: deadline)
                guard remaining > .zero else { return nil }
                let (seconds, attoseconds) = remaining.components
                let milliseconds = Int32(min(seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000, Int64(Int32.max)))
                var request = pollfd(fd: state.descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&request, 1, milliseconds)
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw .read(path: path, errno: errno)
                }
                if ready == 0 { continue }
                var chunk = [UInt8](repeating: 0, count: 256)
                let count = chunk.withUnsafeMutableBytes { read(state.descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    state.buffer.append(contentsOf: chunk[..<count])
                } else if count == 0 || errno == EIO {
                    throw .disconnected(path: path)
                } else if errno != EAGAIN && errno != EINTR {
                    throw .read(path: path, errno: errno)
                }
            }
        }
    }

    public func send(_ command: String) throws(SerialPortError) {
        let path = self.path
        try state.withLock { (state: inout State) throws(SerialPortError) in
            guard state.descriptor >= 0 else { throw .closed(path: path) }
            var bytes = Array(command.utf8) + [13, 10]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
                if written > 0 {
                    bytes.removeFirst(written)
                    continue
                }
                guard written < 0, errno == EAGAIN || errno == EINTR else { throw .write(path: path, errno: errno) }
                // The device is not taking bytes: wait for it, up to a second.
                var request = pollfd(fd: state.descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&request, 1, 1_000)
                if ready == 0 { throw .write(path: path, errno: EAGAIN) }
                if ready < 0, errno != EINTR { throw .write(path: path, errno: errno) }
            }
        }
    }

    /// Removes the first complete non-blank line from the buffer, counting every line.
    private static func takeLine(from state: inout State) -> BalanceLine? {
        while true {
            if state.skipLineFeed, let first = state.buffer.first {
                state.skipLineFeed = false
                if first == 10 { state.buffer.removeFirst() }
            }
            guard let end = state.buffer.firstIndex(where: { $0 == 10 || $0 == 13 }) else { return nil }
            let text = String(decoding: state.buffer[..<end], as: UTF8.self)
            state.skipLineFeed = state.buffer[end] == 13
            state.buffer.removeSubrange(...end)
            state.linesRead += 1
            if !text.isEmpty { return BalanceLine(number: state.linesRead, text: text) }
        }
    }
}
