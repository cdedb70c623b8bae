#if canImport(Glibc)
import Glibc
#endif

/// Reads one small sysfs attribute file with plain `open`/`read`, so a failure carries the real
/// errno (ENOENT when the device or file vanished, EIO when the driver failed the read, …).
enum SysfsAttributeReader {
    /// The file's text with surrounding whitespace and the trailing newline removed.
    static func text(at path: String) throws(HardwareError) -> Substring {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .read(path: path, errno: errno) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        var count = 0
        while count < buffer.count {
            let got = buffer.withUnsafeMutableBytes { bytes in
                read(descriptor, bytes.baseAddress! + count, bytes.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .read(path: path, errno: errno)
            }
            if got == 0 { break }
            count += got
        }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return trimmed(text[...])
    }

    /// The file's text, or nil when it does not exist (ENOENT); other errors are thrown.
    static func optionalText(at path: String) throws(HardwareError) -> Substring? {
        do {
            return try text(at: path)
        } catch {
            if case .read(_, let code) = error, code == ENOENT { return nil }
            throw error
        }
    }

    /// A whole number, or `.unparsable` naming the file.
    static func integer(at path: String) throws(HardwareError) -> Int64 {
        let text = try text(at: path)
        guard let value = Int64(text) else { throw .unparsable(path: path, text: String(text)) }
        return value
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
