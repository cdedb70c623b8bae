internal import Glibc

/// The seal file, `<database>.seal`: two fixed slots of `slotSize` bytes (a page each, so one torn
/// page write cannot reach both), each one whole
/// `DurabilitySeal` text padded with newlines. Write number N goes to slot N % 2, in place, with
/// one `fdatasync`, so the slot not being written always holds the seal before it: a write torn by
/// a power cut damages at most the newer slot, and the older one still covers every write but the
/// one in flight, which was never acknowledged. Reading takes the intact slot with the most writes.
///
/// Only the process holding the database's lock opens it.
final class SealFile: Sendable {
    static let slotSize = 4_096
    let path: String
    private let descriptor: Int32

    /// Opens the seal file at `path` for writing. When it does not exist, or `replacing`, it is
    /// first made anew holding `seal` in both slots (built as `<seal>.new`, fsync'd, renamed over
    /// the name, directory fsync'd), so an old file never lingers with a slot that outranks it.
    init(path: String, directory: String, creatingWith seal: DurabilitySeal, replacing: Bool = false) throws(StorageError) {
        self.path = path
        if replacing || !FileSystem.exists(path) {
            let scratch = path + ".new"
            let fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if fd < 0 { throw .sealNotWritten(path: path, reason: "cannot create \(scratch): \(FileSystem.describe(errno))") }
            let bytes = try Self.slot(seal) + Self.slot(seal)
            let failure = Self.write(bytes, to: fd, at: 0) ?? (fsync(fd) == 0 ? nil : errno)
            close(fd)
            if let failure { throw .sealNotWritten(path: path, reason: "cannot write \(scratch): \(FileSystem.describe(failure))") }
            if rename(scratch, path) != 0 {
                throw .sealNotWritten(path: path, reason: "cannot rename \(scratch) into place: \(FileSystem.describe(errno))")
            }
            do { try FileSystem.sync(directory, directory: true) } catch {
                throw .sealNotWritten(path: path, reason: "the directory could not be synced: \(error)")
            }
        }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        if fd < 0 { throw .sealNotWritten(path: path, reason: "cannot open it: \(FileSystem.describe(errno))") }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Writes `seal` into its slot (`seal.writes % 2`) and waits until it is on disk.
    func write(_ seal: DurabilitySeal) throws(StorageError) {
        let offset = Int64(seal.writes % 2) * Int64(Self.slotSize)
        if let failure = Self.write(try Self.slot(seal), to: descriptor, at: offset) ?? (fdatasync(descriptor) == 0 ? nil : errno) {
            throw .sealNotWritten(path: path, reason: FileSystem.describe(failure))
        }
    }

    /// The newest intact seal in the file at `path`.
    static func read(_ path: String) -> Result<DurabilitySeal, SealProblem> {
        switch try? FileSystem.kind(of: path) {
        case .missing?: return .failure(.missing)
        case .regular(let size)? where size != Int64(2 * slotSize):
            return .failure(.damaged("it is \(size) bytes, not two \(slotSize)-byte slots"))
        case .regular?: break
        default: return .failure(.damaged("it is not a regular file"))
        }
        guard let bytes = try? FileSystem.readPrefix(of: path, count: 2 * slotSize), bytes.count == 2 * slotSize else {
            return .failure(.damaged("it cannot be read whole"))
        }
        var problems: [String] = []
        var newest: DurabilitySeal?
        for slot in 0..<2 {
            switch DurabilitySeal.parse(slotText(bytes[(slot * slotSize)..<((slot + 1) * slotSize)])) {
            case .success(let seal): if seal.writes > newest?.writes ?? -1 { newest = seal }
            case .failure(let problem): problems.append("slot \(slot): \(problem)")
            }
        }
        guard let newest else { return .failure(.damaged("neither slot is intact (\(problems.joined(separator: "; ")))")) }
        return .success(newest)
    }

    /// A slot's seal text: its bytes without the newline padding, and one newline. Trimmed as
    /// bytes before decoding (reversing 4 KiB of Characters twice was a tenth of pumpd's start),
    /// to the same text: a CR before the padding keeps one LF, as the CR-LF Character did.
    static func slotText(_ slot: ArraySlice<UInt8>) -> String {
        var end = slot.endIndex
        while end > slot.startIndex, slot[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end < slot.endIndex, end > slot.startIndex, slot[end - 1] == UInt8(ascii: "\r") { end += 1 }
        return String(decoding: slot[..<end], as: UTF8.self) + "\n"
    }

    private static func slot(_ seal: DurabilitySeal) throws(StorageError) -> [UInt8] {
        var bytes = Array(seal.text.utf8)
        guard bytes.count <= slotSize else { throw .sealNotWritten(path: "", reason: "a seal of \(bytes.count) bytes does not fit a slot") }
        bytes += Array(repeating: UInt8(ascii: "\n"), count: slotSize - bytes.count)
        return bytes
    }

    /// Writes all of `bytes` at `offset`; the errno of a failure, nil on success.
    private static func write(_ bytes: [UInt8], to fd: Int32, at offset: Int64) -> Int32? {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done)) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += count
        }
        return nil
    }
}
